import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadConfig } from './config.ts';
import { createGateway } from './server.ts';

const config = loadConfig();
const supergraph = readFileSync(new URL(import.meta.resolve('@siuss/schema/supergraph.graphql')), 'utf8');
const gateway = createGateway({
  supergraph,
  subgraphUrls: config.subgraphUrls,
  graphiql: config.graphiql,
  exposeQueryPlan: config.graphiql,
  logging: config.hub.logLevel === 'silent' ? false : (config.hub.logLevel as 'info'),
});
const server = createServer(gateway);
server.listen(config.port, config.hub.host, () => {
  const url = `http://${config.hub.host === '127.0.0.1' ? 'localhost' : config.hub.host}:${config.port}/graphql`;
  console.log(`gateway ready at ${url}${config.graphiql ? ' (GraphiQL in a browser)' : ''}`);
});

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  server.close(() => {
    void Promise.resolve(gateway.dispose()).finally(() => process.exit(0));
  });
  server.closeAllConnections();
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// Started by the launcher: stop with it, even if it dies without signalling us.
process.on('disconnect', stop);
