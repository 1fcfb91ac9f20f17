import { openHubDatabase } from '@siuss/db/databases';
import { createLogger } from '@siuss/logging/logger';
import { serveApollo } from '@siuss/service/http';
import { viewerFromHeaders } from '@siuss/service/viewer';
import { loadConfig } from './config.ts';
import { createOrm, migrateAssessments } from './orm.ts';
import { seedDemoData } from './seed/demo.ts';
import { createAssessmentsServer } from './server.ts';

const config = loadConfig();
const logger = createLogger({ name: 'assessments', level: config.hub.logLevel, pretty: config.hub.environment === 'development' && process.stdout.isTTY });
const database = await openHubDatabase({
  url: config.hub.database.url,
  dataDir: config.hub.database.dataDir,
  port: config.hub.database.embeddedPort,
  name: config.hub.database.name,
  onProgress: (line) => logger.info(line),
});
const orm = await createOrm({ url: database.url });
if (config.migrateOnStart) {
  const applied = await migrateAssessments(orm, database.url);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
}
if (config.seedDemo) {
  const seeded = await seedDemoData(orm.em);
  if (seeded.sina + seeded.sinba > 0) logger.info(`demo data loaded: ${seeded.sina} SINA assessments, ${seeded.sinba} SINBA cases`);
  if (seeded.sinaSkipped > 0) logger.warn(`${seeded.sinaSkipped} demo SINA assessments skipped: their demo benefits were not found (is the benefits subgraph seeding the same database?)`);
}
const { apollo, createContext } = createAssessmentsServer({
  orm,
  logger,
  settings: { strictRules: config.strictRules, maxPageSize: config.maxPageSize },
  introspection: config.hub.environment !== 'production',
});
const service = await serveApollo({
  apollo,
  port: config.port,
  host: config.hub.host,
  context: async ({ headers }) => createContext(viewerFromHeaders(headers)),
  ready: () => orm.checkConnection().then((result) => result.ok),
  logger,
});
logger.info(`assessments subgraph ready at ${service.url}`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal}: stopping`);
  await service.close();
  await orm.close();
  await database.server.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
// Started by the launcher: stop with it, even if it dies without signalling us.
process.on('disconnect', () => void stop('launcher gone'));
