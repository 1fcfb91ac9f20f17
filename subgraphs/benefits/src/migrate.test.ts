import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { loadHubConfig } from '@siuss/config/config';
import { runMigrationCli } from '@siuss/db/migrate-cli';
import { createLogger } from '@siuss/logging/logger';
import { createTestDatabase, type TestDatabase } from '@siuss/testing/database';
import { SCHEMA } from './db-schema.ts';
import { createOrm, migrateBenefits } from './orm.ts';

describe('npm run migrate', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('benefits_migrate');
  });
  afterAll(async () => {
    await db.drop();
  });

  async function migrate(): Promise<string[]> {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(JSON.parse(String(chunk)).msg);
        callback();
      },
    });
    await runMigrationCli({
      name: 'benefits',
      schema: SCHEMA,
      hub: loadHubConfig({ NODE_ENV: 'test', DATABASE_URL: db.adminUrl, SIUSS_DATABASE_NAME: db.name }),
      createOrm,
      migrate: migrateBenefits,
      argv: [],
      logger: createLogger({ name: 'benefits-migrate', level: 'info', destination }),
    });
    return lines;
  }

  it('applies the committed migrations to the hub database once, then finds none pending', async () => {
    expect(await migrate()).toEqual([expect.stringMatching(/^Applied Migration\d+/)]);
    expect(await migrate()).toEqual(['No pending migrations.']);
    const orm = await createOrm({ url: db.url });
    try {
      const rows = await orm.em.fork().getConnection().execute<Array<{ table_name: string }>>("select table_name from information_schema.tables where table_schema = 'benefits'", [], 'all');
      expect(rows.map((row) => row.table_name)).toEqual(expect.arrayContaining(['benefit', 'beneficiary', 'submission', 'mikro_orm_migrations']));
    } finally {
      await orm.close();
    }
  });
});
