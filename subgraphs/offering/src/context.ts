import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditRecorder } from '@siuss/audit/recorder';
import type { Viewer } from '@siuss/service/viewer';
import type { Deadline } from './config.ts';
import type { Loaders } from './loaders.ts';

export interface Settings {
  deadline: Deadline;
  /** The clock: injected so tests can finalise before or after a deadline. */
  now: () => Date;
}

/** What every resolver receives: a fresh EntityManager fork and DataLoaders for this request only. */
export interface Context {
  em: EntityManager;
  loaders: Loaders;
  viewer: Viewer;
  settings: Settings;
  /** What this request read and wrote, for the audit log (filled by the audit plugin). */
  audit: AuditRecorder;
}

/** What the write services need: no loaders, whose caches would go stale inside a write. */
export type WriteContext = Pick<Context, 'em' | 'viewer' | 'settings'>;
