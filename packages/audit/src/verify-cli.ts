// `npm run audit:verify`: walks the audit chain of the hub database (the embedded server, or
// DATABASE_URL) and says whether it is intact. Exit code 0 when it is, 1 when a link is broken
// or the database cannot be read. While `npm start` runs, the embedded server it started is used.
import { loadHubConfig } from '@siuss/config/config';
import { ensureDatabase } from '@siuss/db/databases';
import { startDatabaseServer, type DatabaseServer } from '@siuss/db/server';
import { verifyAuditChain } from './verify.ts';

const hub = loadHubConfig();
const count = (n: number): string => `${n} ${n === 1 ? 'entry' : 'entries'}`;
const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
let code = 1;
try {
  const server = await startDatabaseServer({ url: hub.database.url, dataDir: hub.database.dataDir, port: hub.database.embeddedPort, onProgress: say })
    .catch((error: unknown): DatabaseServer => {
      if (!/already running/.test((error as Error).message)) throw error;
      // `npm start` owns the embedded server: read it where it listens (credentials of @siuss/db/server).
      return { adminUrl: `postgres://postgres:postgres@127.0.0.1:${hub.database.embeddedPort}/postgres`, embedded: true, stop: async () => undefined };
    });
  try {
    const url = hub.database.url ?? (await ensureDatabase(server.adminUrl, hub.database.name));
    const report = await verifyAuditChain(url);
    if (report.intact) {
      say(`chain intact: ${count(report.entries)}${report.entries > 0 ? ` (head ${report.head})` : ''}`);
      code = 0;
    } else {
      say(`chain broken at entry ${report.brokenAt} (${report.problem}): ${report.message}; ${count(report.entries)} before it intact`);
    }
  } finally {
    await server.stop();
  }
} catch (error) {
  say(`audit:verify could not read the audit log: ${(error as Error).message}`);
}
process.exit(code);
