import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';
import { assertSinbaAccess } from '../access.ts';
import type { Context } from '../context.ts';
import { isUuid } from '../domain/lexical.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

interface SinbaCasesArgs {
  enteCode: string;
  filter?: { reportingYear?: number | null; status?: 'OPEN' | 'CLOSED' | null } | null;
  first?: number | null;
  after?: string | null;
}

export const Query = {
  sinaAssessment: (_: unknown, { id }: { id: string }, { loaders }: Context) => (isUuid(id) ? loaders.sinaById.load(id) : null),

  sinbaCase: (_: unknown, args: { enteCode: string; beneficiaryCode: string; reportingYear?: number | null }, { loaders, viewer }: Context) => {
    assertSinbaAccess(viewer, args.enteCode, 'Reading a SINBA case');
    return loaders.sinbaCase.load({ enteCode: args.enteCode, beneficiaryCode: args.beneficiaryCode, reportingYear: args.reportingYear ?? null });
  },

  sinbaCases: async (_: unknown, args: SinbaCasesArgs, { loaders, viewer, settings }: Context) => {
    assertSinbaAccess(viewer, args.enteCode, 'Listing SINBA cases');
    const first = args.first ?? 20;
    if (first < 0 || first > settings.maxPageSize) {
      throw domainError(ErrorCode.BAD_USER_INPUT, `first must be between 0 and ${settings.maxPageSize}.`, { argument: 'first' });
    }
    const after = args.after ? decodeCursor(args.after) : null;
    const status = args.filter?.status ?? null;
    const page = await loaders.sinbaPage.load({
      enteCode: args.enteCode,
      first,
      after,
      reportingYear: args.filter?.reportingYear ?? null,
      closed: status === null ? null : status === 'CLOSED',
    });
    const edges = page.cases.map((node) => ({ cursor: encodeCursor(node), node }));
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
