import type { Viewer } from '@siuss/service/viewer';
import type { BenefitsClient } from './benefits-client.ts';
import type { Loaders } from './loaders.ts';

/** What every resolver receives: fresh DataLoaders for this request, the viewer, and the service-wide clients. */
export interface Context {
  loaders: Loaders;
  viewer: Viewer;
  benefits: BenefitsClient;
  /** Today's date in Italy (YYYY-MM-DD): the default `asOf`. */
  today: () => string;
}
