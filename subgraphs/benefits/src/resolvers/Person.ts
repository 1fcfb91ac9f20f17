import { comuneByBelfiore, comuneByIstat } from '@siuss/reference/comuni';
import type { Context } from '../context.ts';
import { SEX, enumFor } from '../domain/codes.ts';
import { listingEnte, personRefused } from '../domain/access.ts';
import type { Beneficiary } from '../entities/Beneficiary.ts';
import { personAccess, visiblePerson } from './access.ts';
import { benefitConnection, type BenefitsArgs } from './connection.ts';

export const Person = {
  __resolveReference: ({ taxCode }: { taxCode: string }, context: Context) => visiblePerson(context, taxCode),
  access: (person: Beneficiary, _: unknown, context: Context) => personAccess(context, person),
  sex: (person: Beneficiary) => enumFor(SEX, person.sex),
  birthComune: (person: Beneficiary) => comuneByBelfiore(person.birthPlaceCode) ?? null,
  residences: (person: Beneficiary) =>
    person.residences.map((residence) => ({
      ...residence,
      comune: residence.comuneCode ? (comuneByIstat(residence.comuneCode) ?? null) : null,
    })),
  benefits: async (person: Beneficiary, args: BenefitsArgs, context: Context) => {
    const access = await personAccess(context, person);
    if (!access) throw personRefused(context.viewer, 'Listing the benefits of this person');
    const enteCode = listingEnte(context.viewer, access, args.filter?.enteCode);
    return benefitConnection('beneficiary', person.id, enteCode ? { ...args, filter: { ...args.filter, enteCode } } : args, context);
  },
};
