import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@siuss/testing/database';
import { capturingLogger, sampleEntry } from './testing.ts';
import { AuditWriter } from './writer.ts';

const CLI = fileURLToPath(new URL('./verify-cli.ts', import.meta.url));

function verifyCli(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI], { env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'test' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run audit:verify', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('audit');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('reports an empty log, an intact chain, then the first broken entry, with exit codes 0 and 1', async () => {
    expect(await verifyCli(db.url)).toEqual({ code: 0, output: 'chain intact: 0 entries\n' });

    const writer = new AuditWriter({ url: db.url, logger: capturingLogger().logger, settings: { flushMs: 10, batchSize: 100, maxBuffered: 1000 } });
    writer.append(Array.from({ length: 4 }, () => sampleEntry('RSSMRA80C15H501M')));
    await writer.close();
    const intact = await verifyCli(db.url);
    expect(intact.code).toBe(0);
    expect(intact.output).toMatch(/^chain intact: 4 entries \(head [0-9a-f]{64}\)\n$/);

    // As a superuser could: the append-only trigger off, one entry's operator changed.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(`set session_replication_role = replica`);
      await client.query(`update audit.entry set operator_tax_code = 'BNCGLI75S42F205Y' where id = 2`);
    } finally {
      await client.end();
    }
    const broken = await verifyCli(db.url);
    expect(broken.code).toBe(1);
    expect(broken.output).toMatch(/^chain broken at entry 2 \(hash\): entry 2's content does not match its hash .*; 1 entry before it intact\n$/);
  });
});
