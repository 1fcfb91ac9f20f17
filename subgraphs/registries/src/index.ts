import { serveApollo } from '@siuss/service/http';
import { runUntilStopped, serviceLogger } from '@siuss/service/lifecycle';
import { viewerFromHeaders } from '@siuss/service/viewer';
import { loadConfig } from './config.ts';
import { createRegistriesServer } from './server.ts';

const config = loadConfig();
const logger = serviceLogger('registries', config.hub);
const { apollo, createContext } = createRegistriesServer({
  settings: config,
  logger,
  introspection: config.hub.environment !== 'production',
});
const service = await serveApollo({
  apollo,
  port: config.port,
  host: config.hub.host,
  context: async ({ headers }) => createContext(viewerFromHeaders(headers)),
  // No database. A registry outage shows as null fields with typed errors, never as an unready
  // subgraph: the gateway must keep routing the rest of the welfare position here.
  ready: async () => true,
  logger,
});
logger.info(`registries subgraph ready at ${service.url} (ISEE ${config.isee.url}, NSIS ${config.nsis.url})`);
runUntilStopped('registries', logger, () => service.close());
