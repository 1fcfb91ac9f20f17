import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler, useQueryPlan } from '@graphql-hive/router-runtime';
import { EXAMPLE_OPERATION } from './example.ts';

export interface GatewayOptions {
  /** The composed supergraph SDL. */
  supergraph: string;
  /** Where each subgraph answers, overriding the URLs recorded at composition time. */
  subgraphUrls: Record<string, string>;
  graphiql: boolean;
  /** Adds the query plan to `extensions.queryPlan` when the request asks with `hive-expose-query-plan: true` (development only). */
  exposeQueryPlan?: boolean;
  logging: boolean | 'debug' | 'info' | 'warn' | 'error';
}

/**
 * Builds the federated gateway (Hive Gateway runtime with the Rust query planner) without starting
 * it. The caller's `authorization` header is forwarded to every subgraph; `/health` and `/ready`
 * answer for probes; GraphiQL opens on the welfare-position example.
 */
export function createGateway(options: GatewayOptions): GatewayRuntime {
  const transportEntries = Object.fromEntries(
    Object.entries(options.subgraphUrls).map(([subgraph, location]) => [subgraph, { location }]),
  );
  return createGatewayRuntime({
    supergraph: options.supergraph,
    unifiedGraphHandler,
    transportEntries,
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') }),
    },
    graphiql: options.graphiql ? { title: 'siuss-hub', defaultQuery: EXAMPLE_OPERATION } : false,
    landingPage: false,
    healthCheckEndpoint: '/health',
    readinessCheckEndpoint: '/ready',
    logging: options.logging,
    plugins: () => (options.exposeQueryPlan
      // The router runtime types its plugin against its own copy of the runtime's context type.
      ? [useQueryPlan({ expose: (request: Request) => request.headers.get('hive-expose-query-plan') === 'true' }) as never]
      : []),
  });
}
