// The limit to compare the ingest with: the same rows loaded with a plain PostgreSQL COPY.
import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';

/** Tables copied, in load order (parents first): what the ingest writes for the benefits themselves. */
const TABLES = ['submission', 'beneficiary', 'benefit'] as const;

/** Runs psql on `url` with `script` as one transaction; rejects with its stderr when it fails. */
function psql(url: string, script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-d', url, '-f', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited with ${code}: ${stderr.trim()}`))));
  });
}

export interface CopyResult {
  /** benefits.benefit rows loaded (each with its beneficiary and submission rows). */
  rows: number;
  beneficiaries: number;
  seconds: number;
}

/**
 * Copies what the ingest stored in benefits.submission, benefits.beneficiary and benefits.benefit
 * out to files (psql `\copy ... to`, not timed), creates empty twins of those tables in a scratch
 * schema with the same columns, defaults, checks, indexes (the partial unique key included) and
 * foreign keys, then times loading the files with psql `\copy ... from` (COPY FROM STDIN, text
 * format) in one transaction. `pg-copy-streams` is not installed; psql is the plain COPY client.
 */
export async function copyBaseline(url: string, dir: string): Promise<CopyResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const files = Object.fromEntries(TABLES.map((t) => [t, join(dir, `${t}.copy`)])) as Record<(typeof TABLES)[number], string>;
  const quote = (path: string): string => `'${path.replace(/'/g, "''")}'`;
  try {
    const exportScript = join(dir, 'export.sql');
    await writeFile(exportScript, TABLES.map((t) => `\\copy benefits.${t} to ${quote(files[t])}\n`).join(''));
    await psql(url, exportScript);
    await client.query('drop schema if exists copy_baseline cascade');
    await client.query('create schema copy_baseline');
    for (const t of TABLES) await client.query(`create table copy_baseline.${t} (like benefits.${t} including all)`);
    await client.query('alter table copy_baseline.benefit add foreign key (beneficiary_id) references copy_baseline.beneficiary (id)');
    await client.query('alter table copy_baseline.benefit add foreign key (submission_id) references copy_baseline.submission (id)');
    await client.query('alter table copy_baseline.benefit add foreign key (cancellation_id) references copy_baseline.submission (id) on delete set null');
    // Start from clean buffers, as the ingest did on its fresh database.
    await client.query('checkpoint');
    const loadScript = join(dir, 'load.sql');
    await writeFile(loadScript, TABLES.map((t) => `\\copy copy_baseline.${t} from ${quote(files[t])}\n`).join(''));
    const started = performance.now();
    await psql(url, loadScript);
    const seconds = (performance.now() - started) / 1000;
    const counts = await client.query<{ benefits: number; beneficiaries: number }>(
      'select (select count(*)::int from copy_baseline.benefit) as benefits, (select count(*)::int from copy_baseline.beneficiary) as beneficiaries',
    );
    await client.query('drop schema copy_baseline cascade');
    return { rows: counts.rows[0]?.benefits ?? 0, beneficiaries: counts.rows[0]?.beneficiaries ?? 0, seconds };
  } finally {
    await client.end();
    await Promise.all(Object.values(files).map((f) => rm(f, { force: true })));
  }
}
