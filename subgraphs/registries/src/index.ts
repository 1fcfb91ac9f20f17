import { openAudit } from '@siuss/audit/writer';
import { openHubDatabase } from '@siuss/db/databases';
import { serveApollo } from '@siuss/service/http';
import { runUntilStopped, serviceLogger } from '@siuss/service/lifecycle';
import { loadConfig } from './config.ts';
import { createRegistriesServer } from './server.ts';

const config = (() => {
  try {
    return loadConfig();
  } catch (error) {
    // A ConfigError names the setting; no stack trace.
    console.error(`registries could not start: ${(error as Error).message}`);
    process.exit(1);
  }
})();
const logger = serviceLogger('registries', config.hub);
// The subgraph keeps no data of its own; the hub database is where its audit entries go.
const { database: db } = config.hub;
const database = await openHubDatabase({ url: db.url, dataDir: db.dataDir, port: db.embeddedPort, name: db.name, onProgress: (line) => logger.info(line) });
const { apollo, createContext } = createRegistriesServer({
  settings: config,
  logger,
  introspection: config.hub.environment !== 'production',
  audit: openAudit({ url: database.url, logger, settings: config.audit }),
});
const service = await serveApollo({
  apollo,
  port: config.port,
  host: config.hub.host,
  gatewaySecret: config.signature.hmacSecret,
  context: async ({ viewer }) => createContext(viewer),
  // No database. A registry outage shows as null fields with typed errors, never as an unready
  // subgraph: the gateway must keep routing the rest of the welfare position here.
  ready: async () => true,
  logger,
});
logger.info(`registries subgraph ready at ${service.url} (ISEE ${config.isee.url}, NSIS ${config.nsis.url})`);
runUntilStopped('registries', logger, async () => {
  await service.close();
  await database.server.stop();
});
