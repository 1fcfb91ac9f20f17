import type { Writable } from 'node:stream';
import type pg from 'pg';
import type { Violation } from '@siuss/errors/errors';

const HEADER = ['record', 'line', 'operation', 'esito', 'description', 'rules', 'fields'];

/** A CSV field: quoted when it holds a separator, a quote or a line break; quotes doubled. */
export function csvField(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await new Promise((resolve) => out.once('drain', resolve));
}

/**
 * Streams the refused records of a flow as CSV (`;`-separated, UTF-8, one row per record, in flow
 * order): the record's position (1-based) and line, its operation, esito and description, and the
 * rules and fields it broke, so the sender can find each record in its own file, fix it and send
 * the corrected records again. Pages through the outcomes, never loading them all.
 */
export async function writeRejectedCsv(pool: pg.Pool, flowId: string, out: Writable): Promise<number> {
  await write(out, `${HEADER.join(';')}\r\n`);
  let after = -1;
  let written = 0;
  for (;;) {
    const { rows } = await pool.query<{ record_index: number; line: number | null; operation: string; esito: string; description: string; violations: Violation[] }>(
      `select record_index, line, operation, esito, description, violations from flows.flow_record
        where flow_id = $1 and esito <> 'OK' and record_index > $2 order by record_index limit 1000`,
      [flowId, after],
    );
    for (const row of rows) {
      const blocking = row.violations.filter((v) => v.severity === 'BLOCKING');
      const fields = [row.record_index + 1, row.line, row.operation, row.esito, row.description, [...new Set(blocking.map((v) => v.rule))].join(' '), blocking.map((v) => v.field).join(' ')];
      await write(out, `${fields.map(csvField).join(';')}\r\n`);
      after = row.record_index;
      written += 1;
    }
    if (rows.length < 1000) return written;
  }
}

/** Streams every record's outcome of a flow as NDJSON, in flow order, a page of rows at a time. */
export async function writeRecordsNdjson(pool: pg.Pool, flowId: string, out: Writable): Promise<void> {
  let after = -1;
  for (;;) {
    const { rows } = await pool.query<{ record_index: number; line: number | null; esito: string; description: string; acquisition_id: string | null }>(
      `select record_index, line, esito, description, acquisition_id from flows.flow_record
        where flow_id = $1 and record_index > $2 order by record_index limit 5000`,
      [flowId, after],
    );
    let text = '';
    for (const row of rows) {
      text += `${JSON.stringify({ index: row.record_index, line: row.line, esito: row.esito, description: row.description, acquisitionId: row.acquisition_id })}\n`;
      after = row.record_index;
    }
    if (text) await write(out, text);
    if (rows.length < 5000) return;
  }
}
