import { personSubject } from '@siuss/audit/entry';
import type { AuditRules } from '@siuss/audit/plugin';
import type { Context } from './context.ts';

/**
 * What the offering subgraph audits: `Person.servicesNearby` (it reveals where the person lives)
 * under the person's codice fiscale. Its mutations concern SIOSS declarations and Ambiti, no
 * person: each is recorded as a write of no subject.
 */
export const offeringAudit: AuditRules<Context> = {
  types: {
    Person: (person: { taxCode: string }) => personSubject(person.taxCode),
  },
};
