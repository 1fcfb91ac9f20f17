import type { ChangeLogEntry } from '../entities/ChangeLogEntry.ts';

export const SiossChange = {
  id: (entry: ChangeLogEntry) => String(entry.id),
  actor: (entry: ChangeLogEntry) => ({ operatorTaxCode: entry.actorTaxCode, enteCode: entry.actorEnteCode, roles: entry.actorRoles }),
};
