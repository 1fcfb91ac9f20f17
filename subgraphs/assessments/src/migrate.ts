import { ensureDatabase } from '@siuss/db/databases';
import { ensureSchema } from '@siuss/db/orm';
import { startDatabaseServer } from '@siuss/db/server';
import { createLogger } from '@siuss/logging/logger';
import { loadConfig } from './config.ts';
import { createOrm, migrateAssessments, SCHEMA } from './orm.ts';

// `npm run migrate`: applies pending migrations. `npm run migration:create`: writes a new migration
// from the difference between the entities and the database (review it, then add it to list.ts).
const config = loadConfig();
const log = createLogger({ name: 'assessments-migrate', level: config.hub.logLevel === 'silent' ? 'info' : config.hub.logLevel });
const server = await startDatabaseServer({
  url: config.hub.database.url,
  dataDir: config.hub.database.dataDir,
  port: config.hub.database.embeddedPort,
  onProgress: (line) => log.info(line),
});
try {
  const url = await ensureDatabase(server.adminUrl, config.hub.database.name);
  const orm = await createOrm({ url });
  try {
    if (process.argv.includes('--create')) {
      await ensureSchema(url, SCHEMA);
      await orm.migrator.up();
      const result = await orm.migrator.create(undefined, false, (await orm.migrator.getExecuted()).length === 0);
      log.info(result.fileName ? `Wrote ${result.fileName}; review it and add it to src/migrations/list.ts.` : 'No changes: the database matches the entities.');
    } else {
      const applied = await migrateAssessments(orm, url);
      log.info(applied.length ? `Applied ${applied.join(', ')}` : 'No pending migrations.');
    }
  } finally {
    await orm.close();
  }
} finally {
  await server.stop();
}
