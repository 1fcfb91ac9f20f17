import { createLogger } from '@siuss/logging/logger';
import { serveApollo } from '@siuss/service/http';
import { viewerFromHeaders } from '@siuss/service/viewer';
import { loadConfig } from './config.ts';
import { createRegistriesServer } from './server.ts';

const config = loadConfig();
const logger = createLogger({ name: 'registries', level: config.hub.logLevel, pretty: config.hub.environment === 'development' && process.stdout.isTTY });
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

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal}: stopping`);
  await service.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
// Started by the launcher: stop with it, even if it dies without signalling us.
process.on('disconnect', () => void stop('launcher gone'));
