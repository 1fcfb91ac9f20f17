import type { StoredAuditEntry } from '@siuss/audit/entry';

export const AccessLogEntry = {
  id: (entry: StoredAuditEntry) => String(entry.id),
  operator: (entry: StoredAuditEntry) => ({ taxCode: entry.operatorTaxCode, roles: entry.operatorRoles, enteCode: entry.enteCode }),
  operation: (entry: StoredAuditEntry) => ({ name: entry.operationName, type: entry.operationType, subgraph: entry.subgraph }),
};
