import { randomUUID } from 'node:crypto';
import { pgArray } from '@siuss/db/arrays';
import type { Sql } from '@siuss/db/sql';
import type { Violation } from '@siuss/errors/errors';
import type { Channel } from '../entities/Submission.ts';
import { SCHEMA } from '../db-schema.ts';
import { SINA_ATTRIBUTES } from './attributes.ts';
import type { SinaRecord } from './record.ts';
import { fingerprintOf, normaliseTaxCode } from './fingerprint.ts';

/**
 * One SINA of a flow, after its parent benefit was written in the same transaction. STORE keeps the
 * assessment of a benefit that is now stored (a new one, or one already stored unchanged); CANCEL
 * cancels the active assessment of a benefit the flow cancelled (TipoOperazione C).
 */
export interface SinaBatchItem {
  operation: 'STORE' | 'CANCEL';
  record: SinaRecord;
  warnings: Violation[];
}

/** CREATED, UNCHANGED (identical SINA already stored) and CANCELLED carry the assessment id; NONE: nothing to cancel; CONFLICT wrote nothing. */
export type SinaBatchOutcome =
  | { status: 'CREATED' | 'UNCHANGED' | 'CANCELLED'; assessmentId: string }
  | { status: 'NONE' }
  | { status: 'CONFLICT'; assessmentId: string; message: string };

/** Attributes that make two records "the same assessment"; the operator and flow do not. */
export function fingerprint(record: SinaRecord): string {
  return fingerprintOf([record.ente.Codice, normaliseTaxCode(record.beneficiario.CodiceFiscale), record.link.benefitId.toLowerCase(), record.link.assessmentDate, record.sina]);
}

const t = (name: string): string => `"${SCHEMA}"."${name}"`;
const column = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Stores the SINA assessments of a batch with a constant number of statements, in the caller's
 * transaction (`sql` is a client with an open transaction shared with the benefits writer, so a
 * benefit and its SINA are stored together or not at all). Each benefit has at most one item.
 */
export async function writeSinaBatch(sql: Sql, items: readonly SinaBatchItem[], options: { channel: Channel; flowName: string | null }): Promise<SinaBatchOutcome[]> {
  const outcomes: SinaBatchOutcome[] = new Array(items.length);
  if (items.length === 0) return outcomes;
  const benefitIds = items.map((item) => item.record.link.benefitId.toLowerCase());
  const { rows } = await sql.query<{ id: string; benefit_id: string; fingerprint: string }>(
    `select id, benefit_id, fingerprint from ${t('sina_assessment')} where benefit_id = any($1::uuid[]) and status = 'ACTIVE'`,
    [benefitIds],
  );
  const active = new Map(rows.map((row) => [row.benefit_id, row]));
  const inserts: Array<{ item: SinaBatchItem; id: string; position: number }> = [];
  const cancels: Array<{ item: SinaBatchItem; id: string }> = [];
  items.forEach((item, position) => {
    const found = active.get(benefitIds[position] as string);
    if (item.operation === 'CANCEL') {
      if (found) {
        cancels.push({ item, id: found.id });
        outcomes[position] = { status: 'CANCELLED', assessmentId: found.id };
      } else outcomes[position] = { status: 'NONE' };
    } else if (!found) {
      const id = randomUUID();
      inserts.push({ item, id, position });
      outcomes[position] = { status: 'CREATED', assessmentId: id };
    } else if (found.fingerprint === fingerprint(item.record)) {
      outcomes[position] = { status: 'UNCHANGED', assessmentId: found.id };
    } else {
      outcomes[position] = { status: 'CONFLICT', assessmentId: found.id, message: 'This benefit already has a different SINA assessment. Cancel the benefit (TipoOperazione C) and send it again with the new assessment.' };
    }
  });
  const writing = [...inserts.map((i) => i.item), ...cancels.map((c) => c.item)];
  if (writing.length === 0) return outcomes;
  const ente = (writing[0] as SinaBatchItem).record.ente;
  const submissionId = randomUUID();
  await sql.query(
    `insert into ${t('submission')} (id, channel, flow_name, ente_code, ente_name, ente_seat_code, operator_tax_code, received_at)
     values ($1, $2, $3, $4, $5, $6, $7, now())`,
    [submissionId, options.channel, options.flowName, ente.Codice, ente.Denominazione ?? null, ente.Indirizzo.toUpperCase(), normaliseTaxCode(ente.CFOperatore)],
  );
  if (inserts.length > 0) {
    const attributes = SINA_ATTRIBUTES.map((spec) => column(spec.field));
    const first = 9;
    await sql.query(
      `insert into ${t('sina_assessment')} (id, tax_code, ente_code, benefit_id, assessment_date, civil_invalidity, needed_benefit_codes, fingerprint, warnings,
         status, submission_id, created_at, ${attributes.join(', ')})
       select id, tax_code, ente_code, benefit_id, assessment_date, civil_invalidity, needed_benefit_codes, fingerprint, warnings,
         'ACTIVE', $${first + attributes.length + 1}::uuid, now(), ${attributes.join(', ')}
         from unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::date[], $6::jsonb[], $7::jsonb[], $8::text[], $9::jsonb[],
           ${attributes.map((_, i) => `$${first + i + 1}::text[]`).join(', ')})
           as r(id, tax_code, ente_code, benefit_id, assessment_date, civil_invalidity, needed_benefit_codes, fingerprint, warnings, ${attributes.join(', ')})`,
      [
        pgArray(inserts.map((i) => i.id)),
        pgArray(inserts.map((i) => normaliseTaxCode(i.item.record.beneficiario.CodiceFiscale))),
        pgArray(inserts.map((i) => i.item.record.ente.Codice)),
        pgArray(inserts.map((i) => i.item.record.link.benefitId.toLowerCase())),
        pgArray(inserts.map((i) => i.item.record.link.assessmentDate)),
        pgArray(inserts.map((i) => JSON.stringify(i.item.record.sina.InvaliditaCivile ?? []))),
        pgArray(inserts.map((i) => JSON.stringify(i.item.record.sina.NecessitaInterventiSociali ?? []))),
        pgArray(inserts.map((i) => fingerprint(i.item.record))),
        pgArray(inserts.map((i) => JSON.stringify(i.item.warnings))),
        ...SINA_ATTRIBUTES.map((spec) => pgArray(inserts.map((i) => (i.item.record.sina as unknown as Record<string, string | undefined>)[spec.xsd] ?? null))),
        submissionId,
      ],
    );
  }
  if (cancels.length > 0) {
    await sql.query(`update ${t('sina_assessment')} set status = 'CANCELLED', cancellation_id = $2 where id = any($1::uuid[])`, [cancels.map((c) => c.id), submissionId]);
  }
  return outcomes;
}
