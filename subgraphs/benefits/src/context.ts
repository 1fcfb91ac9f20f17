import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditRecorder } from '@siuss/audit/recorder';
import type { Viewer } from '@siuss/service/viewer';
import type { Loaders } from './loaders.ts';

/** What every resolver receives: a fresh EntityManager fork and DataLoaders for this request only. */
export interface Context {
  em: EntityManager;
  loaders: Loaders;
  viewer: Viewer;
  /** What this request read and wrote, for the audit log (filled by the audit plugin). */
  audit: AuditRecorder;
  settings: {
    strictRules: ReadonlySet<string>;
    maxPageSize: number;
  };
}
