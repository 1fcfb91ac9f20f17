import { pageSize, toConnection } from '@siuss/service/connection';
import { isUuid } from '@siuss/xsd/lexical';
import { assertSinaReader, assertSinbaAccess } from '../access.ts';
import type { Context } from '../context.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

interface SinbaCasesArgs {
  enteCode: string;
  filter?: { reportingYear?: number | null; status?: 'OPEN' | 'CLOSED' | null } | null;
  first?: number | null;
  after?: string | null;
}

export const Query = {
  sinaAssessment: async (_: unknown, { id }: { id: string }, { loaders, viewer }: Context) => {
    const assessment = isUuid(id) ? await loaders.sinaById.load(id) : null;
    if (assessment) assertSinaReader(viewer, assessment.enteCode);
    return assessment;
  },

  sinbaCase: (_: unknown, args: { enteCode: string; beneficiaryCode: string; reportingYear?: number | null }, { loaders, viewer }: Context) => {
    assertSinbaAccess(viewer, args.enteCode, 'Reading a SINBA case', 'sinba:read');
    return loaders.sinbaCase.load({ enteCode: args.enteCode, beneficiaryCode: args.beneficiaryCode, reportingYear: args.reportingYear ?? null });
  },

  sinbaCases: async (_: unknown, args: SinbaCasesArgs, { loaders, viewer, settings }: Context) => {
    assertSinbaAccess(viewer, args.enteCode, 'Listing SINBA cases', 'sinba:read');
    const first = pageSize(args.first, settings.maxPageSize);
    const after = args.after ? decodeCursor(args.after) : null;
    const status = args.filter?.status ?? null;
    const page = await loaders.sinbaPage.load({
      enteCode: args.enteCode,
      first,
      after,
      reportingYear: args.filter?.reportingYear ?? null,
      closed: status === null ? null : status === 'CLOSED',
    });
    return toConnection(page.cases, { totalCount: page.totalCount, hasNextPage: page.hasNextPage, hasPreviousPage: after !== null }, encodeCursor);
  },
};
