import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';
import { pageSize, toConnection } from '@siuss/service/connection';
import type { Context } from '../context.ts';
import { MEANS_TEST } from '../domain/codes.ts';
import type { BenefitFilter, PageOwner } from '../loaders.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

export interface BenefitsArgs {
  first?: number | null;
  after?: string | null;
  filter?: (Omit<BenefitFilter, 'meansTest'> & { meansTest?: Array<keyof typeof MEANS_TEST> | null }) | null;
}

/** A Relay connection over one owner's benefits (a person's, or an ente's), through the page DataLoader. */
export async function benefitConnection(owner: PageOwner, ownerId: string, args: BenefitsArgs, { loaders, settings }: Context) {
  const first = pageSize(args.first, settings.maxPageSize);
  const { meansTest, ...rest } = args.filter ?? {};
  if (rest.from && rest.to && rest.from > rest.to) {
    throw domainError(ErrorCode.BAD_USER_INPUT, 'filter.from must not be after filter.to.', { argument: 'filter' });
  }
  const filter: BenefitFilter = { ...rest, ...(meansTest?.length ? { meansTest: meansTest.map((value) => MEANS_TEST[value]) } : {}) };
  const after = args.after ? decodeCursor(args.after) : null;
  const page = await loaders.benefitPage.load({ owner, ownerId, first, after, filter });
  return toConnection(page.benefits, { totalCount: page.totalCount, hasNextPage: page.hasNextPage, hasPreviousPage: after !== null }, encodeCursor);
}
