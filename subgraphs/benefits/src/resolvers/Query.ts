import { readAccessLog } from '@siuss/audit/access-log';
import { personSubject } from '@siuss/audit/entry';
import { sqlOf } from '@siuss/db/sql';
import { allBenefitCodes, benefitCodeOn } from '@siuss/reference/nomenclatore';
import { decodeCursor as decodeKey, encodeCursor as encodeKey, pageSize, toConnection } from '@siuss/service/connection';
import { isUuid } from '@siuss/xsd/lexical';
import { assertAccessLogReader } from '../access.ts';
import type { Context } from '../context.ts';
import { assertEnteReader } from '../domain/access.ts';
import { visibleBenefit, visiblePerson } from './access.ts';
import { benefitConnection, type BenefitsArgs } from './connection.ts';

const today = (): string => new Date().toISOString().slice(0, 10);

const isValidOn = (validFrom: string | null, validTo: string | null, date: string): boolean =>
  (validFrom === null || validFrom <= date) && (validTo === null || date <= validTo);

export const Query = {
  person: (_: unknown, { taxCode }: { taxCode: string }, context: Context) => visiblePerson(context, taxCode),

  enteBenefits: (_: unknown, { enteCode, ...args }: BenefitsArgs & { enteCode: string }, context: Context) => {
    assertEnteReader(context.viewer, enteCode);
    return benefitConnection('ente', enteCode, args, context);
  },

  benefit: async (_: unknown, { id }: { id: string }, context: Context) =>
    (isUuid(id) ? visibleBenefit(context, await context.loaders.benefitById.load(id)) : null),

  benefitCodes: (_: unknown, { on, search }: { on?: string | null; search?: string | null }) => {
    const date = on ?? today();
    const words = (search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    return allBenefitCodes().filter((entry) =>
      isValidOn(entry.validFrom, entry.validTo, date) &&
      words.every((word) => entry.code.toLowerCase().startsWith(word) || (entry.label ?? '').toLowerCase().includes(word)));
  },

  benefitCode: (_: unknown, { code, on }: { code: string; on?: string | null }) => benefitCodeOn(code, on ?? today()) ?? null,

  accessLog: async (_: unknown, args: { taxCode: string; first?: number | null; after?: string | null }, { em, viewer, settings }: Context) => {
    assertAccessLogReader(viewer, args.taxCode);
    const first = pageSize(args.first, settings.maxPageSize);
    const before = args.after ? decodeKey(args.after, ([id]) => (Number.isSafeInteger(id) && (id as number) > 0 ? (id as number) : undefined)) : null;
    const page = await readAccessLog(sqlOf(em), personSubject(args.taxCode), { first, before });
    return toConnection(page.entries, { totalCount: page.totalCount, hasNextPage: page.hasNextPage, hasPreviousPage: before !== null }, (entry) => encodeKey([entry.id]));
  },
};
