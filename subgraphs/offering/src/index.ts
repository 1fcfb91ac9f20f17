import { openHubDatabase } from '@siuss/db/databases';
import { createLogger } from '@siuss/logging/logger';
import { serveApollo } from '@siuss/service/http';
import { viewerFromHeaders } from '@siuss/service/viewer';
import { loadConfig } from './config.ts';
import { createOrm, migrateOffering } from './orm.ts';
import { seedDemoData } from './seed/demo.ts';
import { createOfferingServer } from './server.ts';

const config = loadConfig();
const logger = createLogger({ name: 'offering', level: config.hub.logLevel, pretty: config.hub.environment === 'development' && process.stdout.isTTY });
const database = await openHubDatabase({
  url: config.hub.database.url,
  dataDir: config.hub.database.dataDir,
  port: config.hub.database.embeddedPort,
  name: config.hub.database.name,
  onProgress: (line) => logger.info(line),
});
const orm = await createOrm({ url: database.url });
if (config.migrateOnStart) {
  const applied = await migrateOffering(orm, database.url);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
}
if (config.seedDemo) {
  const seeded = await seedDemoData(orm.em, { deadline: config.deadline });
  if (seeded > 0) logger.info(`demo data loaded: ${seeded} Ambiti`);
}
const { apollo, createContext } = createOfferingServer({
  orm,
  logger,
  settings: { deadline: config.deadline, now: () => new Date() },
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
logger.info(`offering subgraph ready at ${service.url}`);

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
