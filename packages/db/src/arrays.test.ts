import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import pg from 'pg';
import { pgArray, type PgArrayElement } from './arrays.ts';
import { startDatabaseServer, type DatabaseServer } from './server.ts';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const TRICKY: PgArrayElement[] = [
  '', ' ', '  ', 'NULL', 'null', 'Null', 'nULl', ' NULL', 'NULL ', '"NULL"', 'NULLS', 'a', 'plain', 'two words', ' leading', 'trailing ',
  '"', '""', 'say "hi"', '\\', '\\\\', 'back\\slash', '\\"', '"\\', ',', 'a,b', '{', '}', '{}', '{a,b}', '{{1}}', '[1:2]={a,b}',
  'new\nline', '\r\n', 'tab\there', '\t', '\v\f', "it's", '\'', '$$', 'ÀÈÌÒÙ àèìòù', 'Città di Castello', 'ß', '日本語', '😀', '👩‍👩‍👧 family',
  '\u00a0nbsp\u00a0', '\u2028', 'x'.repeat(100_000), `${'"\\, {}'.repeat(5_000)}`, null, undefined, 'NaN', 'true', '0', '-1',
];

const RANDOM_ALPHABET = ['a', 'Z', '0', ' ', '\n', '\t', '"', '\\', ',', '{', '}', 'N', 'U', 'L', 'l', 'u', 'n', 'è', '😀', "'"];

/** Deterministic pseudo-random strings over the characters that matter to the array syntax. */
function randomStrings(count: number): string[] {
  let seed = 42;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  return Array.from({ length: count }, () => Array.from({ length: next() % 8 }, () => RANDOM_ALPHABET[next() % RANDOM_ALPHABET.length]).join(''));
}

describe('pgArray', () => {
  let server: DatabaseServer;
  let dir: string | undefined;
  let client: pg.Client;

  beforeAll(async () => {
    const url = process.env['DATABASE_URL'];
    if (url) server = await startDatabaseServer({ url, dataDir: '', port: 0 });
    else {
      dir = await mkdtemp(join(tmpdir(), 'siuss-db-'));
      await chmod(dir, 0o755);
      server = await startDatabaseServer({ dataDir: join(dir, 'postgres'), port: await freePort() });
    }
    client = new pg.Client({ connectionString: server.adminUrl });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** What PostgreSQL reads from our literal and from pg's own encoding of the same array. */
  async function both(type: string, values: PgArrayElement[]): Promise<{ ours: unknown; pgs: unknown }> {
    const { rows } = await client.query<{ ours: unknown; pgs: unknown }>(`select $1::${type} as ours, $2::${type} as pgs`, [pgArray(values), values]);
    return rows[0] as { ours: unknown; pgs: unknown };
  }

  it('writes the literal PostgreSQL itself would, quoting only when needed', async () => {
    expect(pgArray([])).toBe('{}');
    expect(pgArray(['a', 'b c', null, undefined, '', 'null', 'x"y', 'x\\y', 1, -2.5, true, false])).toBe(
      '{a,"b c",NULL,NULL,"","null","x\\"y","x\\\\y",1,-2.5,true,false}',
    );
    const strings = TRICKY.filter((value): value is string => typeof value === 'string' && value.length < 1000 && !/[\u00a0\u2028]/.test(value));
    const { rows } = await client.query<{ text: string }>('select $1::text[]::text as text', [strings]);
    expect(pgArray(strings)).toBe(rows[0]?.text);
  });

  it('round-trips tricky text through text[], as pg does', async () => {
    const { ours, pgs } = await both('text[]', TRICKY);
    expect(ours).toEqual(TRICKY.map((value) => value ?? null));
    expect(ours).toEqual(pgs);
  });

  it('round-trips thousands of random strings of the array syntax characters', async () => {
    const values = randomStrings(5_000);
    const { ours, pgs } = await both('text[]', values);
    expect(ours).toEqual(values);
    expect(pgs).toEqual(values);
  });

  it('gives empty and all-NULL arrays', async () => {
    expect(await both('text[]', [])).toEqual({ ours: [], pgs: [] });
    expect(await both('uuid[]', [null, undefined])).toEqual({ ours: [null, null], pgs: [null, null] });
  });

  it('encodes numbers and booleans as their text, for int, smallint, numeric and boolean arrays', async () => {
    const ints = [0, 1, -1, 2_147_483_647, -2_147_483_648, null];
    expect(await both('int[]', ints)).toEqual({ ours: ints, pgs: ints });
    const years = [2024, 1900, -32768, 32767, undefined];
    expect(await both('smallint[]', years)).toEqual({ ours: [2024, 1900, -32768, 32767, null], pgs: [2024, 1900, -32768, 32767, null] });
    const amounts = ['12.34', '0.00', '-1.5', 7, 1e21, 0.1, null];
    const numeric = await both('numeric[]::text[]', amounts);
    expect(numeric.ours).toEqual(['12.34', '0.00', '-1.5', '7', '1000000000000000000000', '0.1', null]);
    expect(numeric.ours).toEqual(numeric.pgs);
    expect(await both('boolean[]', [true, false, null])).toEqual({ ours: [true, false, null], pgs: [true, false, null] });
  });

  it('reads uuids in any case', async () => {
    const ids = ['3f2504e0-4f89-41d3-9a0c-0305e82c3301', '3F2504E0-4F89-41D3-9A0C-0305E82C3302', null];
    expect(await both('uuid[]', ids)).toEqual({
      ours: ['3f2504e0-4f89-41d3-9a0c-0305e82c3301', '3f2504e0-4f89-41d3-9a0c-0305e82c3302', null],
      pgs: ['3f2504e0-4f89-41d3-9a0c-0305e82c3301', '3f2504e0-4f89-41d3-9a0c-0305e82c3302', null],
    });
  });

  it('reads ISO dates for date[]', async () => {
    const dates = ['2024-01-31', '1999-12-31', null];
    expect(await both('date[]::text[]', dates)).toEqual({ ours: dates, pgs: dates });
  });

  it('carries JSON text (JSON.stringify) into jsonb[]', async () => {
    const documents = [
      [],
      {},
      [{ field: 'DataDSU', rule: 'format', message: 'Say "no", \\ or {braces}, commas' }],
      { nationCode: '100', regionCode: null, comuneCode: 'H501', note: 'Città\nnuova 😀' },
      'a JSON string',
      null,
      42,
    ];
    const values: PgArrayElement[] = [...documents.map((document) => JSON.stringify(document)), null];
    const { ours, pgs } = await both('jsonb[]', values);
    expect(ours).toEqual([...documents, null]);
    expect(ours).toEqual(pgs);
  });
});
