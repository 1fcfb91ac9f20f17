import { defineEntity, p } from '@mikro-orm/core';
import { CHANGED_ENTITIES, OPERATIONS } from '../domain/codes.ts';

/**
 * One change, written in the same transaction as the change itself. Append-only: the migration adds
 * a trigger that refuses UPDATE and DELETE on the table.
 */
const ChangeLogEntrySchema = defineEntity({
  name: 'ChangeLogEntry',
  tableName: 'change_log',
  properties: {
    id: p.integer().primary().autoincrement(),
    ambitoCode: p.string().length(20),
    declarationId: p.uuid().nullable(),
    operation: p.enum(OPERATIONS).columnType('text'),
    entity: p.enum(CHANGED_ENTITIES).columnType('text'),
    entityId: p.string().length(64),
    before: p.json<unknown>().nullable(),
    after: p.json<unknown>().nullable(),
    actorTaxCode: p.string().length(16).nullable(),
    actorEnteCode: p.string().length(32).nullable(),
    actorRoles: p.json<string[]>(),
    at: p.datetime(),
  },
  indexes: [
    { name: 'change_log_declaration_idx', properties: ['declarationId', 'id'] },
    { name: 'change_log_ambito_idx', properties: ['ambitoCode', 'id'] },
  ],
});

export class ChangeLogEntry extends ChangeLogEntrySchema.class {}
ChangeLogEntrySchema.setClass(ChangeLogEntry);
