import { comuneByBelfiore, comuneByIstat } from '@siuss/reference/comuni';
import type { Context } from '../context.ts';
import { SEX, enumFor } from '../domain/codes.ts';
import type { Beneficiary } from '../entities/Beneficiary.ts';
import { benefitConnection, type BenefitsArgs } from './connection.ts';

export const Person = {
  __resolveReference: ({ taxCode }: { taxCode: string }, { loaders }: Context) => loaders.beneficiaryByTaxCode.load(taxCode),
  sex: (person: Beneficiary) => enumFor(SEX, person.sex),
  birthComune: (person: Beneficiary) => comuneByBelfiore(person.birthPlaceCode) ?? null,
  residences: (person: Beneficiary) =>
    person.residences.map((residence) => ({
      ...residence,
      comune: residence.comuneCode ? (comuneByIstat(residence.comuneCode) ?? null) : null,
    })),
  benefits: (person: Beneficiary, args: BenefitsArgs, context: Context) => benefitConnection('beneficiary', person.id, args, context),
};
