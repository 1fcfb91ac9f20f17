import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '@siuss/db/databases';

export interface TestDatabase {
  url: string;
  adminUrl: string;
  name: string;
  drop(): Promise<void>;
}

/** The admin URL of the run's PostgreSQL, set by the global setup. */
export function testAdminUrl(): string {
  const url = process.env['SIUSS_TEST_ADMIN_URL'];
  if (!url) throw new Error('SIUSS_TEST_ADMIN_URL is unset: use databasePreset from @siuss/testing/jest-preset in jest.config.js.');
  return url;
}

/** A fresh, empty database for one test file; `drop()` removes it. */
export async function createTestDatabase(prefix = 't'): Promise<TestDatabase> {
  const adminUrl = testAdminUrl();
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const url = await ensureDatabase(adminUrl, name);
  return { url, adminUrl, name, drop: () => dropDatabase(adminUrl, name) };
}
