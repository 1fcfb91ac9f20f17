import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditRecorder } from '@siuss/audit/recorder';
import type { Viewer } from '@siuss/service/viewer';
import type { Loaders } from './loaders.ts';
import type { FlowService } from './service.ts';

/** What every resolver receives: a fresh EntityManager fork and DataLoaders for this request only. */
export interface Context {
  em: EntityManager;
  loaders: Loaders;
  viewer: Viewer;
  /** What this request wrote, for the audit log (filled by the audit plugin). */
  audit: AuditRecorder;
  flows: FlowService;
  settings: { maxPageSize: number };
}
