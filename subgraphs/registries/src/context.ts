import type { AuditRecorder } from '@siuss/audit/recorder';
import type { Viewer } from '@siuss/service/viewer';
import type { BenefitsClient } from './benefits-client.ts';
import type { Loaders } from './loaders.ts';

/** What every resolver receives: fresh DataLoaders for this request, the viewer, and the service-wide clients. */
export interface Context {
  loaders: Loaders;
  viewer: Viewer;
  /** What this request read, for the audit log (filled by the audit plugin and by iseeIssues). */
  audit: AuditRecorder;
  benefits: BenefitsClient;
  /** Today's date in Italy (YYYY-MM-DD): the default `asOf`. */
  today: () => string;
}
