import { loadHubConfig, type HubConfig } from '@siuss/config/config';
import type { Env } from '@siuss/config/env';

export interface GatewayConfig {
  hub: HubConfig;
  port: number;
  /** URL of each subgraph, by the name it has in the supergraph. */
  subgraphUrls: Record<string, string>;
  /** GraphiQL and introspection: on except in production. */
  graphiql: boolean;
}

/** The gateway's settings, read once from `env`. */
export function loadConfig(env: Env = process.env): GatewayConfig {
  const hub = loadHubConfig(env);
  return {
    hub,
    port: hub.gateway.port,
    subgraphUrls: Object.fromEntries(Object.entries(hub.subgraphs).map(([name, address]) => [name, address.url])),
    graphiql: hub.environment !== 'production',
  };
}
