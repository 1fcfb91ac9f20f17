import { personSubject } from '@siuss/audit/entry';
import type { AuditRules } from '@siuss/audit/plugin';
import type { Context } from './context.ts';

/**
 * What the registries subgraph audits: every field of a Person (ISEE, health) under its codice
 * fiscale, a Benefit's ISEE fields under the benefit's person (part of the representation, through
 * `@requires`), and, noted by its resolver, every person whose ISEE `iseeIssues` checks.
 */
export const registriesAudit: AuditRules<Context> = {
  types: {
    Person: (person: { taxCode: string }) => personSubject(person.taxCode),
    Benefit: (benefit: { person?: { taxCode?: string | null } | null }) => (benefit.person?.taxCode ? personSubject(benefit.person.taxCode) : null),
  },
  fields: {
    'Query.iseeIssues': () => null,
  },
};
