import type { Violation } from '@siuss/errors/errors';
import { parseMoney } from '@siuss/scalars/money';
import { catalogueCodeExists, catalogueItemInYear, fundArea } from './catalogue.ts';
import type { Fund } from './codes.ts';
import type { FundModuleInput, ProfessionalInput, ServiceInput } from './input.ts';

/**
 * Rule ids of the offering subgraph, as they appear in `extensions.violations[].rule`:
 * FORMAT (shape of a code or text), YEAR (declaration year out of range), CATALOGUE (unknown
 * catalogue item), CATALOGUE_YEAR (item not valid in the declaration's year), REF (unknown
 * reference: Comune, body, fund area), NON_NEGATIVE, FTE_ABOVE_HEADCOUNT, DUPLICATE, MEMBERSHIP
 * (Comune already in another Ambito), REGION (Comune outside the Ambito's Region), MANDATORY.
 */
export type RuleId = 'FORMAT' | 'YEAR' | 'CATALOGUE' | 'CATALOGUE_YEAR' | 'REF' | 'NON_NEGATIVE' | 'FTE_ABOVE_HEADCOUNT' | 'DUPLICATE' | 'MEMBERSHIP' | 'REGION' | 'MANDATORY';

/** First year SIOSS collects (DM 103/2019). */
export const FIRST_YEAR = 2019;

/** A blocking violation. */
export function violation(rule: RuleId, field: string, message: string): Violation {
  return { rule, field, message, severity: 'BLOCKING' };
}

const hundredths = (value: string): bigint => parseMoney(value);

/** A declaration year: from 2019 (DM 103/2019) to the current year. */
export function validateYear(year: number, currentYear: number, field = 'year'): Violation[] {
  return year >= FIRST_YEAR && year <= currentYear ? [] : [violation('YEAR', field, `The year must be between ${FIRST_YEAR} and ${currentYear}; got ${year}.`)];
}

/** A non-empty text of at most `max` characters after trimming. */
export function validateText(value: string, field: string, max: number): Violation[] {
  const length = value.trim().length;
  if (length === 0) return [violation('MANDATORY', field, 'Must not be empty.')];
  return length > max ? [violation('FORMAT', field, `At most ${max} characters; got ${length}.`)] : [];
}

function nonNegative(value: number | null | undefined, field: string): Violation[] {
  return value !== null && value !== undefined && value < 0 ? [violation('NON_NEGATIVE', field, `Must not be negative; got ${value}.`)] : [];
}

/**
 * A service as declared for `year`: the catalogue item must exist and be valid in that year, the
 * counts and spending must not be negative, at least one target-user group without repeats, and
 * the managing body must be registered (`managingBodyKnown`, looked up by the caller).
 */
export function validateService(service: ServiceInput, year: number, managingBodyKnown: boolean): Violation[] {
  const violations: Violation[] = [];
  if (!catalogueCodeExists(service.catalogueCode)) {
    violations.push(violation('CATALOGUE', 'service.catalogueCode', `${service.catalogueCode} is not in the SIOSS service catalogue (see siossCatalogue).`));
  } else if (!catalogueItemInYear(service.catalogueCode, year)) {
    violations.push(violation('CATALOGUE_YEAR', 'service.catalogueCode', `${service.catalogueCode} is not valid in ${year}; use an item of siossCatalogue(year: ${year}).`));
  }
  if (!managingBodyKnown) {
    violations.push(violation('REF', 'service.managingBodyCode', `No implementing body has code ${service.managingBodyCode}; register it first (registerSiossImplementingBody).`));
  }
  if (service.targetUsers.length === 0) violations.push(violation('MANDATORY', 'service.targetUsers', 'Name at least one group of target users.'));
  if (new Set(service.targetUsers).size !== service.targetUsers.length) violations.push(violation('DUPLICATE', 'service.targetUsers', 'A target-user group is listed twice.'));
  violations.push(...nonNegative(service.capacity, 'service.capacity'), ...nonNegative(service.usersServed, 'service.usersServed'));
  if (service.spending !== null && service.spending !== undefined && hundredths(service.spending) < 0n) {
    violations.push(violation('NON_NEGATIVE', 'service.spending', `Must not be negative; got ${service.spending}.`));
  }
  return violations;
}

/**
 * A row of professionals: head-count and FTE not negative, FTE not above the head-count (nobody
 * works more than full time), and the employer body registered when given (or required, for
 * AMBITO_BODY).
 */
export function validateProfessional(professional: ProfessionalInput, employerBodyKnown: boolean): Violation[] {
  const violations = nonNegative(professional.headCount, 'professional.headCount');
  const fte = hundredths(professional.fte);
  if (fte < 0n) violations.push(violation('NON_NEGATIVE', 'professional.fte', `Must not be negative; got ${professional.fte}.`));
  if (professional.headCount >= 0 && fte > BigInt(professional.headCount) * 100n) {
    violations.push(violation('FTE_ABOVE_HEADCOUNT', 'professional.fte', `Full-time equivalents (${professional.fte}) cannot exceed the head-count (${professional.headCount}).`));
  }
  if (professional.employerKind === 'AMBITO_BODY' && !professional.employerBodyCode) {
    violations.push(violation('MANDATORY', 'professional.employerBodyCode', 'Name the implementing body that employs them when the employer is AMBITO_BODY.'));
  } else if (professional.employerBodyCode && !employerBodyKnown) {
    violations.push(violation('REF', 'professional.employerBodyCode', `No implementing body has code ${professional.employerBodyCode}.`));
  }
  return violations;
}

/** A fund module: areas of that fund, each once; amounts and counts not negative; each (sex, age band) once. */
export function validateFundModule(module: Pick<FundModuleInput, 'fund' | 'amounts' | 'beneficiaries'>): Violation[] {
  const violations: Violation[] = [];
  const fund: Fund = module.fund;
  const areas = new Set<string>();
  module.amounts.forEach((row, index) => {
    const field = `amounts[${index}]`;
    if (!fundArea(fund, row.areaCode)) violations.push(violation('REF', `${field}.areaCode`, `${row.areaCode} is not an area of ${fund} (see siossFundAreas).`));
    if (areas.has(row.areaCode)) violations.push(violation('DUPLICATE', `${field}.areaCode`, `Area ${row.areaCode} is listed twice.`));
    areas.add(row.areaCode);
    if (hundredths(row.amount) < 0n) violations.push(violation('NON_NEGATIVE', `${field}.amount`, `Must not be negative; got ${row.amount}.`));
  });
  const cells = new Set<string>();
  module.beneficiaries.forEach((row, index) => {
    const field = `beneficiaries[${index}]`;
    const cell = `${row.sex}/${row.ageBand}`;
    if (cells.has(cell)) violations.push(violation('DUPLICATE', field, `${row.sex} ${row.ageBand} is listed twice.`));
    cells.add(cell);
    violations.push(...nonNegative(row.count, `${field}.count`));
  });
  return violations;
}

/** What a declaration holds, for the completeness check. */
export interface DeclarationContents {
  managementForm: string | null;
  hasLeadBody: boolean;
  services: number;
  professionals: number;
  funds: readonly Fund[];
}

/**
 * Mandatory sections, checked at finalisation: the Ambito's form of management and lead body
 * (Allegato 1), at least one service (Allegato 2), at least one row of professionals (banca dati
 * delle professioni) and the FNPS module, which every Ambito receives. FNA and Dopo di Noi are
 * optional: not every Ambito reports them.
 */
export function missingSections(contents: DeclarationContents): Violation[] {
  const missing: Violation[] = [];
  if (!contents.managementForm) missing.push(violation('MANDATORY', 'ambito.managementForm', "Set the Ambito's form of management (setSiossAmbitoGovernance)."));
  if (!contents.hasLeadBody) missing.push(violation('MANDATORY', 'ambito.leadBody', "Set the Ambito's lead body (setSiossAmbitoGovernance)."));
  if (contents.services === 0) missing.push(violation('MANDATORY', 'services', 'Declare at least one service active in the territory.'));
  if (contents.professionals === 0) missing.push(violation('MANDATORY', 'professionals', 'Declare the professionals employed (at least one row).'));
  if (!contents.funds.includes('FNPS')) missing.push(violation('MANDATORY', 'fundModules.FNPS', 'Fill the FNPS module.'));
  return missing;
}
