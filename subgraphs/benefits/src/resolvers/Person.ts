import { comuneByBelfiore, comuneByIstat } from '@siuss/reference/comuni';
import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';
import type { Context } from '../context.ts';
import { SEX, enumFor } from '../domain/codes.ts';
import type { Beneficiary } from '../entities/Beneficiary.ts';
import type { BenefitFilter } from '../loaders.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

interface BenefitsArgs {
  first?: number | null;
  after?: string | null;
  filter?: BenefitFilter | null;
}

export const Person = {
  __resolveReference: ({ taxCode }: { taxCode: string }, { loaders }: Context) => loaders.beneficiaryByTaxCode.load(taxCode),
  sex: (person: Beneficiary) => enumFor(SEX, person.sex),
  birthComune: (person: Beneficiary) => comuneByBelfiore(person.birthPlaceCode) ?? null,
  residences: (person: Beneficiary) =>
    person.residences.map((residence) => ({
      ...residence,
      comune: residence.comuneCode ? (comuneByIstat(residence.comuneCode) ?? null) : null,
    })),
  benefits: async (person: Beneficiary, args: BenefitsArgs, { loaders, settings }: Context) => {
    const first = args.first ?? 20;
    if (first < 0 || first > settings.maxPageSize) {
      throw domainError(ErrorCode.BAD_USER_INPUT, `first must be between 0 and ${settings.maxPageSize}.`, { argument: 'first' });
    }
    const filter = args.filter ?? {};
    if (filter.from && filter.to && filter.from > filter.to) {
      throw domainError(ErrorCode.BAD_USER_INPUT, 'filter.from must not be after filter.to.', { argument: 'filter' });
    }
    const after = args.after ? decodeCursor(args.after) : null;
    const page = await loaders.benefitPage.load({ beneficiaryId: person.id, first, after, filter });
    const edges = page.benefits.map((node) => ({ cursor: encodeCursor(node), node }));
    return {
      edges,
      totalCount: page.totalCount,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: after !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  },
};
