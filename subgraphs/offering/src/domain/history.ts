import type { EntityManager } from '@mikro-orm/postgresql';
import { ChangeLogEntry } from '../entities/ChangeLogEntry.ts';
import type { StoredActor } from '../entities/Declaration.ts';
import type { ChangedEntity, Operation } from './codes.ts';

export interface Change {
  ambitoCode: string;
  declarationId?: string | null;
  operation: Operation;
  entity: ChangedEntity;
  entityId: string;
  before: unknown;
  after: unknown;
}

/**
 * Queues a change-log entry on `em`, to be flushed with the change itself in the same transaction:
 * a change is never stored without its entry, nor an entry without its change.
 */
export function logChange(em: EntityManager, change: Change, actor: StoredActor, at: Date): void {
  em.create(ChangeLogEntry, {
    ambitoCode: change.ambitoCode,
    declarationId: change.declarationId ?? null,
    operation: change.operation,
    entity: change.entity,
    entityId: change.entityId,
    before: change.before ?? null,
    after: change.after ?? null,
    actorTaxCode: actor.operatorTaxCode,
    actorEnteCode: actor.enteCode,
    actorRoles: actor.roles,
    at,
  });
}
