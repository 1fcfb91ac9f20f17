import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@siuss/testing/database';
import { GENESIS_HASH, auditEntry, entryHash, fromRow, sinbaCaseSubject } from './entry.ts';
import { ensureAuditSchema } from './schema.ts';
import { capturingLogger, sampleEntry } from './testing.ts';
import { verifyAuditChain } from './verify.ts';
import { AuditWriter } from './writer.ts';

const SETTINGS = { flushMs: 20, batchSize: 50, maxBuffered: 1000 };
const PERSON = 'RSSMRA80C15H501M';

describe('the audit writer', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  const rows = async (): Promise<Array<Record<string, unknown>>> => (await pool.query('select * from audit.entry order by id')).rows;

  beforeAll(async () => {
    db = await createTestDatabase('audit');
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('creates its schema once, whoever comes first, even concurrently', async () => {
    const applied = await Promise.all([ensureAuditSchema(db.url), ensureAuditSchema(db.url), ensureAuditSchema(db.url)]);
    expect(applied.flat()).toEqual(['0001-entry']);
    expect(await ensureAuditSchema(db.url)).toEqual([]);
  });

  it('writes a flush as one chained batch, stored as given', async () => {
    const { logger } = capturingLogger();
    const writer = new AuditWriter({ url: db.url, logger, settings: { ...SETTINGS, flushMs: 60_000 } });
    const entries = [sampleEntry(PERSON), sampleEntry('BNCGLI75S42F205Y', { action: 'WRITE', fields: ['Mutation.recordBenefit'], errorCode: 'VALIDATION_FAILED' }), sampleEntry(PERSON, { subject: null, purpose: null })];
    writer.append(entries);
    expect(await rows()).toHaveLength(0);
    await writer.flush();
    await writer.close();
    const stored = (await rows()).map(fromRow);
    expect(stored.map((entry) => entry.id)).toEqual([1, 2, 3]);
    expect(stored[0]?.prevHash).toBe(GENESIS_HASH);
    expect(stored[1]?.prevHash).toBe(stored[0]?.hash);
    stored.forEach((entry, index) => {
      const { id: _id, prevHash: _prev, hash: _hash, ...content } = entry;
      expect(content).toEqual({ ...entries[index], operatorRoles: [...(entries[index]?.operatorRoles ?? [])], fields: [...(entries[index]?.fields ?? [])] });
      expect(entry.hash).toBe(entryHash(entry, entry.id, entry.prevHash));
    });
    expect(await verifyAuditChain(db.url)).toEqual({ intact: true, entries: 3, head: stored[2]?.hash });
  });

  it('flushes on its own: after flushMs, or as soon as batchSize entries wait', async () => {
    const { logger } = capturingLogger();
    const timed = new AuditWriter({ url: db.url, logger, settings: SETTINGS });
    const before = (await rows()).length;
    timed.append([sampleEntry(PERSON)]);
    await waitFor(async () => (await rows()).length === before + 1);
    await timed.close();

    const sized = new AuditWriter({ url: db.url, logger, settings: { ...SETTINGS, flushMs: 60_000, batchSize: 10 } });
    sized.append(Array.from({ length: 9 }, () => sampleEntry(PERSON)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sized.pending).toBe(9);
    sized.append([sampleEntry(PERSON)]);
    await waitFor(async () => sized.pending === 0 && (await rows()).length === before + 11);
    await sized.close();
  });

  it('writes in batches under a steady stream: a flush writes what was queued when it began, not what arrives meanwhile', async () => {
    const { logger } = capturingLogger();
    const writer = new AuditWriter({ url: db.url, logger, settings: { ...SETTINGS, flushMs: 60_000, batchSize: 1000 } });
    writer.append([sampleEntry(PERSON)]);
    const first = writer.flush();
    // A request a millisecond later: it waits for the next flush instead of making this one go round again.
    writer.append([sampleEntry(PERSON), sampleEntry(PERSON)]);
    await first;
    expect(writer.pending).toBe(2);
    expect(writer.written).toMatchObject({ entries: 1, transactions: 1 });
    // While a flush runs, twenty requests each append an entry and ask for a flush: the running flush
    // does not chase them, and they all go together in the next one (not one transaction each).
    for (let round = 0; round < 3; round += 1) {
      writer.append([sampleEntry(PERSON)]);
      const running = writer.flush();
      const asked: Array<Promise<void>> = [];
      for (let i = 0; i < 20; i += 1) {
        writer.append([sampleEntry(PERSON)]);
        asked.push(writer.flush());
      }
      await Promise.all([running, ...asked]);
    }
    expect(writer.pending).toBe(0);
    // 1 + 2 + 3 x 21 entries; the first flush, then per round the running flush and the one after it.
    expect(writer.written).toMatchObject({ entries: 66, transactions: 7 });
    await writer.close();
    expect(await verifyAuditChain(db.url)).toMatchObject({ intact: true });
  });

  it('stores what it hashed even for strings PostgreSQL cannot hold as given (NUL, a lone surrogate)', async () => {
    const { logger } = capturingLogger();
    const writer = new AuditWriter({ url: db.url, logger, settings: { ...SETTINGS, flushMs: 60_000 } });
    const odd = auditEntry({
      actor: { authenticated: true, operatorTaxCode: 'XXXXXX80P20B501B', enteCode: 'H501', roles: ['ENTE_OPERATOR'], purpose: 'presa\u0000 in carico \uD800 😀' },
      subgraph: 'benefits', operationType: 'query', operationName: null, requestId: 'req-\uDC00', action: 'READ',
      subject: sinbaCaseSubject('H501', 'ABC\uD83D'), fields: ['Person.surname'],
    });
    expect(odd.purpose).toBe('presa\uFFFD in carico \uFFFD 😀');
    writer.append([odd, sampleEntry(PERSON)]);
    await writer.flush();
    expect(writer.pending).toBe(0);
    await writer.close();
    const stored = fromRow((await pool.query(`select * from audit.entry where request_id = 'req-\uFFFD'`)).rows[0]);
    expect({ purpose: stored.purpose, subject: stored.subject }).toEqual({ purpose: odd.purpose, subject: { kind: 'SINBA_CASE', id: 'H501/ABC\uFFFD' } });
    expect(await verifyAuditChain(db.url)).toMatchObject({ intact: true });
  });

  it('keeps one valid chain with two writers on two connections appending at once', async () => {
    const { logger } = capturingLogger();
    const a = new AuditWriter({ url: db.url, logger, settings: { ...SETTINGS, batchSize: 7 } });
    const b = new AuditWriter({ url: db.url, logger, settings: { ...SETTINGS, batchSize: 5 } });
    const before = (await rows()).length;
    // Each round both writers flush at once, on their own connections: every round puts a batch of
    // each in the chain, in whichever order the advisory lock lets them through.
    for (let round = 0; round < 40; round += 1) {
      a.append([sampleEntry(PERSON, { subgraph: 'benefits', requestId: `a-${round}` }), sampleEntry(PERSON, { subgraph: 'benefits', requestId: `a-${round}` })]);
      b.append([sampleEntry(PERSON, { subgraph: 'registries', requestId: `b-${round}` })]);
      if (round % 4 === 3) await Promise.all([a.flush(), b.flush()]);
    }
    await Promise.all([a.flush(), b.flush()]);
    await Promise.all([a.close(), b.close()]);
    const stored = (await rows()).map(fromRow);
    expect(stored).toHaveLength(before + 120);
    expect(stored.filter((entry) => entry.subgraph === 'registries')).toHaveLength(40);
    expect(stored.map((entry) => entry.id)).toEqual(stored.map((_, index) => index + 1));
    // The two writers' batches interleave in the one chain.
    const switches = stored.slice(before).filter((entry, index, all) => index > 0 && entry.subgraph !== all[index - 1]?.subgraph).length;
    expect(switches).toBeGreaterThanOrEqual(10);
    expect(await verifyAuditChain(db.url, { pageSize: 7 })).toMatchObject({ intact: true, entries: before + 120 });
  });

  it('keeps entries it could not write, logs no personal data, and writes them once it can', async () => {
    const { logger, lines } = capturingLogger();
    const writer = new AuditWriter({ url: db.url, logger, settings: { ...SETTINGS, flushMs: 10 } });
    writer.append([sampleEntry(PERSON)]);
    await writer.flush();
    const before = (await rows()).length;
    await pool.query('alter table audit.entry rename to entry_away');
    try {
      writer.append([sampleEntry('SPSNNA41A69F839C', { purpose: 'verifica ISEE di SPSNNA41A69F839C' }), sampleEntry('SPSNNA41A69F839C')]);
      await writer.flush();
      expect(writer.pending).toBe(2);
      expect(lines.some((line) => line.includes('audit flush failed'))).toBe(true);
    } finally {
      await pool.query('alter table audit.entry_away rename to entry');
    }
    await waitFor(async () => writer.pending === 0);
    await writer.close();
    expect((await rows()).length).toBe(before + 2);
    expect(lines.some((line) => line.includes('audit log writable again'))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/SPSNNA41A69F839C|RSSMRA80C15H501M|XXXXXX80P20B501B|presa in carico|verifica/);
    expect(await verifyAuditChain(db.url)).toMatchObject({ intact: true });
  });

  it('refuses new entries past maxBuffered, and close() writes what is queued', async () => {
    const { logger } = capturingLogger();
    const writer = new AuditWriter({ url: db.url, logger, settings: { flushMs: 60_000, batchSize: 10_000, maxBuffered: 100 } });
    writer.append(Array.from({ length: 99 }, () => sampleEntry(PERSON)));
    expect(writer.accepting).toBe(true);
    writer.append([sampleEntry(PERSON)]);
    expect(writer.accepting).toBe(false);
    const before = (await rows()).length;
    await writer.close();
    expect((await rows()).length).toBe(before + 100);
  });
});

describe('the audit table', () => {
  let db: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabase('audit');
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    const writer = new AuditWriter({ url: db.url, logger: capturingLogger().logger, settings: SETTINGS });
    writer.append(Array.from({ length: 6 }, (_, index) => sampleEntry(PERSON, { requestId: `r-${index}` })));
    await writer.close();
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(pool.query(`update audit.entry set purpose = 'altro' where id = 2`)).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/append-only: UPDATE refused/) });
    await expect(pool.query('delete from audit.entry where id = 2')).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/DELETE refused/) });
    await expect(pool.query('truncate audit.entry')).rejects.toMatchObject({ code: '42501' });
    expect(await verifyAuditChain(db.url)).toMatchObject({ intact: true, entries: 6 });
  });

  /** Changes the table as its owner could, with the append-only triggers disabled for the statement. */
  async function tamper(sql: string): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query('alter table audit.entry disable trigger user');
      await client.query(sql);
      await client.query('alter table audit.entry enable trigger user');
      await client.query('commit');
    } finally {
      client.release();
    }
  }

  it('detects a changed entry, a re-hashed one and a removed one, naming the entry', async () => {
    const original = (await pool.query('select * from audit.entry where id = 3')).rows[0] as Record<string, unknown>;

    await tamper(`update audit.entry set purpose = 'curiosità' where id = 3`);
    expect(await verifyAuditChain(db.url)).toMatchObject({ intact: false, brokenAt: 3, problem: 'hash', entries: 2, message: expect.stringMatching(/entry 3's content does not match its hash/) });

    const changed = fromRow((await pool.query('select * from audit.entry where id = 3')).rows[0]);
    await tamper(`update audit.entry set hash = '${entryHash(changed, 3, changed.prevHash)}' where id = 3`);
    expect(await verifyAuditChain(db.url)).toMatchObject({ intact: false, brokenAt: 4, problem: 'prevHash', message: expect.stringMatching(/entry 3 was changed/) });

    await tamper(`update audit.entry set purpose = ${original['purpose'] === null ? 'null' : `'${String(original['purpose'])}'`}, hash = '${String(original['hash'])}' where id = 3`);
    expect(await verifyAuditChain(db.url)).toMatchObject({ intact: true, entries: 6 });

    await tamper('delete from audit.entry where id = 5');
    expect(await verifyAuditChain(db.url)).toMatchObject({ intact: false, brokenAt: 6, problem: 'missing', message: 'entry 6 follows entry 4: entry 5 is missing' });
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
