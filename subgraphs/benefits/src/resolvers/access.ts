import type { Context } from '../context.ts';
import { accessOf, benefitRefused, maySeeBenefit, mayReadPersons, personRefused, seesUnknownPersons, tieEnteOf, type EnteTie, type PersonAccess } from '../domain/access.ts';
import type { Beneficiary } from '../entities/Beneficiary.ts';
import type { Benefit } from '../entities/Benefit.ts';

/** The ties of the viewer's ente to a beneficiary (one batched statement per request), or null when no ente decides. */
function tieOf({ viewer, loaders }: Context, beneficiaryId: string): Promise<EnteTie | null> {
  const enteCode = tieEnteOf(viewer);
  return enteCode ? loaders.enteTie.load({ enteCode, beneficiaryId }) : Promise.resolve(null);
}

/** What the request's viewer may see of `person` (domain/access.ts), null for nothing. */
export async function personAccess(context: Context, person: Beneficiary): Promise<PersonAccess | null> {
  return accessOf(context.viewer, await tieOf(context, person.id));
}

/**
 * A person looked up by codice fiscale, as the viewer may see it: the person, null when the hub
 * does not know it and the viewer is INPS, FORBIDDEN otherwise (unknown or not theirs alike).
 */
export async function visiblePerson(context: Context, taxCode: string): Promise<Beneficiary | null> {
  if (!mayReadPersons(context.viewer)) throw personRefused(context.viewer);
  const person = await context.loaders.beneficiaryByTaxCode.load(taxCode);
  if (!person) {
    if (seesUnknownPersons(context.viewer)) return null;
    throw personRefused(context.viewer);
  }
  if (!(await personAccess(context, person))) throw personRefused(context.viewer);
  return person;
}

/** A benefit as the viewer may see it: null when unknown, FORBIDDEN when it is not the viewer's to see. */
export async function visibleBenefit(context: Context, benefit: Benefit | null): Promise<Benefit | null> {
  if (!benefit) return null;
  if (maySeeBenefit(context.viewer, benefit.enteCode, await tieOf(context, benefit.beneficiary.id))) return benefit;
  throw benefitRefused(context.viewer, benefit.enteCode);
}
