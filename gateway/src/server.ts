import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler, useQueryPlan } from '@graphql-hive/router-runtime';
import { EXAMPLE_OPERATION } from './example.ts';
import { closedAuth, gatewayIdentity, type GatewayAuth } from './identity.ts';
import { queryProtection, type ProtectionOptions } from './protection.ts';

export interface GatewayOptions {
  /** The composed supergraph SDL. */
  supergraph: string;
  /** Where each subgraph answers, overriding the URLs recorded at composition time. */
  subgraphUrls: Record<string, string>;
  graphiql: boolean;
  /** Adds the query plan to `extensions.queryPlan` when the request asks with `hive-expose-query-plan: true` (development only). */
  exposeQueryPlan?: boolean;
  logging: boolean | 'debug' | 'info' | 'warn' | 'error';
  /** Token verification and the subgraph signing secret (see identity.ts); closedAuth() when omitted. */
  auth?: GatewayAuth;
  /** Query protection (limits, body size, rate limit, CSRF, introspection, trusted documents); DEFAULT_PROTECTION when omitted. */
  protection?: ProtectionOptions;
}

/**
 * Builds the federated gateway (Hive Gateway runtime with the Rust query planner) without starting
 * it. Callers' tokens are verified here and their claims forwarded to the subgraphs in signed
 * requests (identity.ts); `/health` and `/ready` answer for probes; GraphiQL opens on the
 * welfare-position example.
 */
export function createGateway(options: GatewayOptions): GatewayRuntime {
  const transportEntries = Object.fromEntries(
    // No merging of identical in-flight requests: each read reaches its subgraph, which audits it.
    Object.entries(options.subgraphUrls).map(([subgraph, location]) => [subgraph, { location, options: { deduplicateInflightRequests: false } }]),
  );
  const protection = queryProtection(options.protection);
  const identity = gatewayIdentity(options.auth ?? closedAuth());
  return createGatewayRuntime({
    supergraph: options.supergraph,
    unifiedGraphHandler,
    transportEntries,
    graphiql: options.graphiql ? { title: 'siuss-hub', defaultQuery: EXAMPLE_OPERATION } : false,
    landingPage: false,
    healthCheckEndpoint: '/health',
    readinessCheckEndpoint: '/ready',
    logging: options.logging,
    ...identity.runtime,
    ...protection.runtime,
    plugins: () => [...identity.plugins, ...protection.plugins, ...(options.exposeQueryPlan
      // The router runtime types its plugin against its own copy of the runtime's context type.
      ? [useQueryPlan({ expose: (request: Request) => request.headers.get('hive-expose-query-plan') === 'true' }) as never]
      : [])],
  });
}
