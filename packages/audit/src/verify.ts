import pg from 'pg';
import { GENESIS_HASH, entryHash, fromRow } from './entry.ts';
import type { Queryable } from './schema.ts';

/** What verifyAuditChain found: the whole chain holds, or the first link that does not. */
export type ChainReport =
  | { intact: true; entries: number; head: string }
  | {
    intact: false;
    /** Entries checked and found sound before the broken link. */
    entries: number;
    /** The id of the first entry that breaks the chain. */
    brokenAt: number;
    /** `missing`: ids are not consecutive; `prevHash`: the entry does not name the hash of the one before; `hash`: its content does not match its hash. */
    problem: 'missing' | 'prevHash' | 'hash';
    message: string;
  };

/**
 * Walks the audit chain from the first entry in id order, a page at a time, and checks every link:
 * ids are consecutive from 1, each entry names the hash of the one before (the first names
 * GENESIS_HASH), and each entry's hash is the sha256 of its canonical form. Stops at the first
 * broken link. An audit schema that does not exist yet is an intact, empty chain. Detects any
 * change, removal or insertion inside the chain; removing entries from its end is visible only
 * against a head hash kept elsewhere (see README).
 */
export async function verifyAuditChain(target: string | Queryable, options: { pageSize?: number } = {}): Promise<ChainReport> {
  if (typeof target === 'string') {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    try {
      return await walk(client, options.pageSize ?? 5000);
    } finally {
      await client.end();
    }
  }
  return walk(target, options.pageSize ?? 5000);
}

async function walk(db: Queryable, pageSize: number): Promise<ChainReport> {
  const exists = (await db.query(`select to_regclass('audit.entry') is not null as present`)).rows[0]?.present === true;
  if (!exists) return { intact: true, entries: 0, head: GENESIS_HASH };
  let previousId = 0;
  let previousHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const { rows } = await db.query('select * from audit.entry where id > $1 order by id limit $2', [previousId, pageSize]);
    for (const row of rows as Array<Record<string, unknown>>) {
      const entry = fromRow(row);
      const broken = (problem: 'missing' | 'prevHash' | 'hash', message: string): ChainReport =>
        ({ intact: false, entries: checked, brokenAt: entry.id, problem, message });
      if (entry.id !== previousId + 1) {
        const gap = entry.id === previousId + 2 ? `entry ${previousId + 1} is missing` : `entries ${previousId + 1} to ${entry.id - 1} are missing`;
        return broken('missing', previousId === 0 ? `entry ${entry.id} is the first one: ${gap}` : `entry ${entry.id} follows entry ${previousId}: ${gap}`);
      }
      if (entry.prevHash !== previousHash) {
        return broken('prevHash', previousId === 0
          ? `entry ${entry.id} does not start from the genesis hash`
          : `entry ${entry.id} names previous hash ${entry.prevHash.slice(0, 12)}..., but entry ${previousId} hashes to ${previousHash.slice(0, 12)}...: entry ${previousId} was changed and re-hashed, or replaced`);
      }
      const expected = entryHash(entry, entry.id, entry.prevHash);
      if (entry.hash !== expected) {
        return broken('hash', `entry ${entry.id}'s content does not match its hash (stored ${entry.hash.slice(0, 12)}..., computed ${expected.slice(0, 12)}...): the entry was changed`);
      }
      previousId = entry.id;
      previousHash = entry.hash;
      checked += 1;
    }
    if (rows.length < pageSize) return { intact: true, entries: checked, head: previousHash };
  }
}
