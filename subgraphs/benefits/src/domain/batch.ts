import { randomUUID } from 'node:crypto';
import { pgArray } from '@siuss/db/arrays';
import type { Sql } from '@siuss/db/sql';
import type { Violation } from '@siuss/errors/errors';
import type { Channel } from '../entities/Submission.ts';
import { SCHEMA } from '../db-schema.ts';
import { benefitData, fingerprint, normaliseTaxCode } from './columns.ts';
import type { PsRecord } from './record.ts';

/** One valid PrestazioniSociali of a flow, ready to store: TipoOperazione I inserts, C cancels. */
export interface PsBatchItem {
  record: PsRecord;
  /** Warnings to keep with an inserted record (blocking violations never reach the writer). */
  warnings: Violation[];
  /** Hub id a new benefit gets; chosen by the caller so a SINA child can point to it in the same transaction. */
  id: string;
}

/**
 * What happened to one item. CREATED and UNCHANGED (an identical record already stored) carry the
 * stored benefit's id, the acquisition id INPS returns; CANCELLED the cancelled one's. CONFLICT (a
 * different record under the same key) and NOT_FOUND (nothing to cancel) wrote nothing.
 */
export type PsBatchOutcome =
  | { status: 'CREATED' | 'UNCHANGED' | 'CANCELLED'; benefitId: string }
  | { status: 'CONFLICT'; benefitId: string; message: string }
  | { status: 'NOT_FOUND'; message: string };

export interface PsBatchOptions {
  channel: Channel;
  flowName: string | null;
}

interface Keyed {
  item: PsBatchItem;
  position: number;
  cancel: boolean;
  taxCode: string;
  keyDate: string;
}

const keyText = (k: Keyed): string => {
  const { record } = k.item;
  return [record.ente.Codice, k.taxCode, record.prestazione.CodicePrestazione, record.prestazione.ProtocolloDomanda, k.keyDate].join('\u0000');
};

const t = (name: string): string => `"${SCHEMA}"."${name}"`;

/**
 * Stores a batch of validated PS records with a constant number of statements, inside the caller's
 * transaction (`sql` must be a client with an open transaction: the caller commits the records with
 * their outcomes, or nothing). Items are applied in order, exactly as if recorded one by one with
 * recordBenefit / cancelBenefit: a key repeated within the batch is handled in a later round. A
 * rejected item (CONFLICT, NOT_FOUND) changes nothing, not even the beneficiary's registry data.
 */
export async function writePsBatch(sql: Sql, items: readonly PsBatchItem[], options: PsBatchOptions): Promise<PsBatchOutcome[]> {
  const keyed: Keyed[] = items.map((item, position) => {
    const p = item.record.prestazione;
    const periodic = p.CaratterePrestazione === '1';
    return {
      item,
      position,
      cancel: p.TipoOperazione === 'C',
      taxCode: normaliseTaxCode(item.record.beneficiario.CodiceFiscale),
      keyDate: (periodic ? p.DataInizioPrestazione : p.DataErogazionePrestazione) as string,
    };
  });
  const outcomes: PsBatchOutcome[] = new Array(items.length);
  let start = 0;
  while (start < keyed.length) {
    const seen = new Set<string>();
    let end = start;
    while (end < keyed.length) {
      const key = keyText(keyed[end] as Keyed);
      if (seen.has(key)) break;
      seen.add(key);
      end += 1;
    }
    await writeRound(sql, keyed.slice(start, end), options, outcomes);
    start = end;
  }
  return outcomes;
}

async function writeRound(sql: Sql, round: Keyed[], options: PsBatchOptions, outcomes: PsBatchOutcome[]): Promise<void> {
  const existing = await findActive(sql, round);
  const inserts: Keyed[] = [];
  const cancels: Array<{ entry: Keyed; benefitId: string }> = [];
  round.forEach((entry, i) => {
    const found = existing.get(i);
    const { record } = entry.item;
    const what = `${record.prestazione.CodicePrestazione} with protocol ${record.prestazione.ProtocolloDomanda} and date ${entry.keyDate}`;
    if (entry.cancel) {
      if (found) cancels.push({ entry, benefitId: found.id });
      else outcomes[entry.position] = { status: 'NOT_FOUND', message: `No active benefit ${what} of ente ${record.ente.Codice} matches this beneficiary; nothing was cancelled.` };
    } else if (!found) {
      inserts.push(entry);
    } else if (found.fingerprint === fingerprint(record)) {
      outcomes[entry.position] = { status: 'UNCHANGED', benefitId: found.id };
    } else {
      outcomes[entry.position] = {
        status: 'CONFLICT',
        benefitId: found.id,
        message: `A different benefit ${what} is already recorded for this beneficiary by ente ${record.ente.Codice}. Send a cancellation (TipoOperazione C) first, then the new record.`,
      };
    }
  });
  if (inserts.length === 0 && cancels.length === 0) return;
  const submissions = await insertSubmissions(sql, [...inserts, ...cancels.map((c) => c.entry)], options);
  if (inserts.length > 0) {
    const beneficiaries = await upsertBeneficiaries(sql, inserts);
    await insertBenefits(sql, inserts, beneficiaries, submissions);
    for (const entry of inserts) outcomes[entry.position] = { status: 'CREATED', benefitId: entry.item.id };
  }
  if (cancels.length > 0) {
    await sql.query(
      `update ${t('benefit')} b set status = 'CANCELLED', cancellation_id = c.submission_id
         from unnest($1::uuid[], $2::uuid[]) as c(id, submission_id) where b.id = c.id`,
      [pgArray(cancels.map((c) => c.benefitId)), pgArray(cancels.map((c) => submissions.get(submissionKey(c.entry.item.record))))],
    );
    for (const { entry, benefitId } of cancels) outcomes[entry.position] = { status: 'CANCELLED', benefitId };
  }
}

/**
 * The active benefit of each key, if any. One lookup per key (a lateral subquery; the partial unique
 * index allows one active benefit per key, hence `limit 1`): a plain join lets the planner hash all
 * active benefits per batch when its statistics are stale, which costs time in proportion to the
 * table while a flow fills it.
 */
async function findActive(sql: Sql, round: Keyed[]): Promise<Map<number, { id: string; fingerprint: string }>> {
  const { rows } = await sql.query<{ i: number; id: string; fingerprint: string }>(
    `select k.i, b.id, b.fingerprint
       from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[]) as k(i, ente, tax, code, protocol, key_date)
       cross join lateral (
         select b.id, b.fingerprint from ${t('beneficiary')} p join ${t('benefit')} b on b.beneficiary_id = p.id
          where p.tax_code = k.tax and b.ente_code = k.ente and b.code = k.code
            and b.application_protocol = k.protocol and b.key_date = k.key_date and b.status = 'ACTIVE'
          limit 1) b`,
    [
      pgArray(round.map((_, i) => i)),
      pgArray(round.map((e) => e.item.record.ente.Codice)),
      pgArray(round.map((e) => e.taxCode)),
      pgArray(round.map((e) => e.item.record.prestazione.CodicePrestazione)),
      pgArray(round.map((e) => e.item.record.prestazione.ProtocolloDomanda)),
      pgArray(round.map((e) => e.keyDate)),
    ],
  );
  return new Map(rows.map((row) => [row.i, { id: row.id, fingerprint: row.fingerprint }]));
}

const submissionKey = (record: PsRecord): string =>
  [record.ente.Codice, record.ente.Denominazione ?? '', record.ente.Indirizzo.toUpperCase(), normaliseTaxCode(record.ente.CFOperatore)].join('\u0000');

/** One submission row per sending ente and operator in the round (a flow has one). */
async function insertSubmissions(sql: Sql, entries: Keyed[], options: PsBatchOptions): Promise<Map<string, string>> {
  const byKey = new Map<string, { id: string; record: PsRecord }>();
  for (const { item } of entries) {
    const key = submissionKey(item.record);
    if (!byKey.has(key)) byKey.set(key, { id: randomUUID(), record: item.record });
  }
  const rows = [...byKey.values()];
  await sql.query(
    `insert into ${t('submission')} (id, channel, flow_name, ente_code, ente_name, ente_seat_code, operator_tax_code, received_at)
     select id, $2, $3, ente_code, ente_name, seat, operator, now()
       from unnest($1::uuid[], $4::text[], $5::text[], $6::text[], $7::text[]) as s(id, ente_code, ente_name, seat, operator)`,
    [
      pgArray(rows.map((r) => r.id)),
      options.channel,
      options.flowName,
      pgArray(rows.map((r) => r.record.ente.Codice)),
      pgArray(rows.map((r) => r.record.ente.Denominazione ?? null)),
      pgArray(rows.map((r) => r.record.ente.Indirizzo.toUpperCase())),
      pgArray(rows.map((r) => normaliseTaxCode(r.record.ente.CFOperatore))),
    ],
  );
  return new Map([...byKey].map(([key, value]) => [key, value.id]));
}

/** Inserts or refreshes the beneficiaries of the inserted records (the last record of a person wins); returns tax code -> id. */
async function upsertBeneficiaries(sql: Sql, inserts: Keyed[]): Promise<Map<string, string>> {
  const latest = new Map<string, PsRecord>();
  for (const entry of inserts) latest.set(entry.taxCode, entry.item.record);
  const people = [...latest];
  const { rows } = await sql.query<{ id: string; tax_code: string }>(
    `insert into ${t('beneficiary')} as p (id, tax_code, surname, name, birth_year, birth_place_code, sex, citizenship, second_citizenship, residences, updated_at)
     select gen_random_uuid(), tax_code, surname, name, birth_year, birth_place_code, sex, citizenship, second_citizenship, residences, now()
       from unnest($1::text[], $2::text[], $3::text[], $4::smallint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[])
         as r(tax_code, surname, name, birth_year, birth_place_code, sex, citizenship, second_citizenship, residences)
     on conflict (tax_code) do update set surname = excluded.surname, name = excluded.name, birth_year = excluded.birth_year,
       birth_place_code = excluded.birth_place_code, sex = excluded.sex, citizenship = excluded.citizenship,
       second_citizenship = excluded.second_citizenship, residences = excluded.residences, updated_at = excluded.updated_at
     returning id, tax_code`,
    [
      pgArray(people.map(([taxCode]) => taxCode)),
      pgArray(people.map(([, r]) => r.beneficiario.anagrafica.Cognome)),
      pgArray(people.map(([, r]) => r.beneficiario.anagrafica.Nome)),
      pgArray(people.map(([, r]) => Number(r.beneficiario.anagrafica.AnnoNascita))),
      pgArray(people.map(([, r]) => r.beneficiario.anagrafica.LuogoNascita.toUpperCase())),
      pgArray(people.map(([, r]) => r.beneficiario.anagrafica.Genere)),
      pgArray(people.map(([, r]) => r.beneficiario.anagrafica.CodiceCittadinanza)),
      pgArray(people.map(([, r]) => r.beneficiario.anagrafica.CodiceSecondaCittadinanza ?? null)),
      pgArray(people.map(([, r]) => JSON.stringify(r.beneficiario.indirizzi.map((i) => ({ nationCode: i.CodiceNazione, regionCode: i.CodiceRegione ?? null, comuneCode: i.CodiceComune ?? null }))))),
    ],
  );
  return new Map(rows.map((row) => [row.tax_code, row.id]));
}

const BENEFIT_COLUMNS = [
  ['means_test', 'text'], ['nature', 'text'], ['dsu_number', 'text'], ['dsu_year', 'smallint'], ['dsu_date', 'date'],
  ['code', 'text'], ['description', 'text'], ['application_protocol', 'text'], ['event_date', 'date'], ['start_date', 'date'],
  ['end_date', 'date'], ['payment_date', 'date'], ['amount', 'numeric'], ['months', 'smallint'], ['monthly_amount', 'numeric'],
  ['ente_quota', 'numeric'], ['user_quota', 'numeric'], ['ssn_quota', 'numeric'], ['requested_quota', 'numeric'],
  ['isee_threshold', 'numeric'], ['monthly_service_hours', 'numeric'], ['taken_in_charge', 'boolean'], ['user_area', 'text'],
  ['key_date', 'date'], ['period_end', 'date'],
] as const;

type BenefitRow = ReturnType<typeof benefitData>;
const FIELD_OF: Record<(typeof BENEFIT_COLUMNS)[number][0], keyof BenefitRow> = {
  means_test: 'meansTest', nature: 'nature', dsu_number: 'dsuNumber', dsu_year: 'dsuYear', dsu_date: 'dsuDate', code: 'code',
  description: 'description', application_protocol: 'applicationProtocol', event_date: 'eventDate', start_date: 'startDate',
  end_date: 'endDate', payment_date: 'paymentDate', amount: 'amount', months: 'months', monthly_amount: 'monthlyAmount',
  ente_quota: 'enteQuota', user_quota: 'userQuota', ssn_quota: 'ssnQuota', requested_quota: 'requestedQuota',
  isee_threshold: 'iseeThreshold', monthly_service_hours: 'monthlyServiceHours', taken_in_charge: 'takenInCharge',
  user_area: 'userArea', key_date: 'keyDate', period_end: 'periodEnd',
};

async function insertBenefits(sql: Sql, inserts: Keyed[], beneficiaries: Map<string, string>, submissions: Map<string, string>): Promise<void> {
  const data = inserts.map((entry) => benefitData(entry.item.record.prestazione));
  const fixed = 7; // $1..$6 are the six fixed arrays; one array per column follows
  const columns = BENEFIT_COLUMNS.map(([name]) => name);
  const unnestArgs = BENEFIT_COLUMNS.map(([, type], i) => `$${i + fixed}::${type}[]`);
  await sql.query(
    `insert into ${t('benefit')} (id, beneficiary_id, submission_id, ente_code, fingerprint, warnings, status, created_at, ${columns.join(', ')})
     select id, beneficiary_id, submission_id, ente_code, fingerprint, warnings, 'ACTIVE', now(), ${columns.join(', ')}
       from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::jsonb[], ${unnestArgs.join(', ')})
         as r(id, beneficiary_id, submission_id, ente_code, fingerprint, warnings, ${columns.join(', ')})`,
    [
      pgArray(inserts.map((e) => e.item.id)),
      pgArray(inserts.map((e) => beneficiaries.get(e.taxCode))),
      pgArray(inserts.map((e) => submissions.get(submissionKey(e.item.record)))),
      pgArray(inserts.map((e) => e.item.record.ente.Codice)),
      pgArray(inserts.map((e) => fingerprint(e.item.record))),
      pgArray(inserts.map((e) => JSON.stringify(e.item.warnings))),
      ...BENEFIT_COLUMNS.map(([name]) => pgArray(data.map((row) => row[FIELD_OF[name]] ?? null))),
    ],
  );
}

/**
 * Keeps the planner's statistics of the beneficiary and benefit tables current while a flow fills
 * them: returns a function to call after each committed batch with the records it stored, which
 * runs ANALYZE (on the columns the batch lookups filter on) whenever the table has doubled since
 * the last statistics. A new or small table thus gets statistics after 1,000, 2,000, 4,000...
 * records (log2 of the flow's size), a large one none (autovacuum's job); without them the planner
 * takes the benefits of a growing table for a handful and picks plans that read all of them.
 */
export async function plannerStatisticsKeeper(sql: Sql): Promise<(stored: number) => Promise<void>> {
  const { rows } = await sql.query<{ n: number }>(`select greatest(reltuples, 0)::float8 as n from pg_class where oid = '${SCHEMA}.benefit'::regclass`);
  let size = rows[0]?.n ?? 0;
  let next = Math.max(1000, 2 * size);
  return async (stored) => {
    size += stored;
    if (size < next) return;
    next = 2 * size;
    await sql.query(
      `analyze (skip_locked) ${t('beneficiary')} (tax_code), ${t('benefit')} (status, ente_code, beneficiary_id, code, application_protocol, key_date)`,
    );
  };
}
