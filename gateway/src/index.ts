import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadConfig } from './config.ts';
import { createGateway } from './server.ts';

const config = (() => {
  try {
    return loadConfig();
  } catch (error) {
    // A ConfigError names the setting; no stack trace.
    console.error(`gateway could not start: ${(error as Error).message}`);
    process.exit(1);
  }
})();
const keys = config.auth.jwt.keys;
const verifiedWith = keys.kind === 'jwks' ? `the JWKS at ${keys.url}` : keys.kind === 'public-key' ? `the public key ${keys.source}`
  : keys.kind === 'development' ? `the development key ${keys.devKeys.publicKeyFile} (npm run token)` : 'no key (anonymous callers only)';
const supergraph = readFileSync(new URL(import.meta.resolve('@siuss/schema/supergraph.graphql')), 'utf8');
const gateway = createGateway({
  supergraph,
  subgraphUrls: config.subgraphUrls,
  graphiql: config.graphiql,
  exposeQueryPlan: config.graphiql,
  logging: config.hub.logLevel === 'silent' ? false : (config.hub.logLevel as 'info'),
  protection: config.protection,
  auth: config.auth,
});
const server = createServer(gateway);
server.listen(config.port, config.hub.host, () => {
  const url = `http://${config.hub.host === '127.0.0.1' ? 'localhost' : config.hub.host}:${config.port}/graphql`;
  console.log(`gateway ready at ${url}${config.graphiql ? ' (GraphiQL in a browser)' : ''}; tokens verified with ${verifiedWith}, issuer ${config.auth.jwt.issuer}`);
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
