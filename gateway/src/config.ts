import { loadJwtSettings, loadSignatureSettings } from '@siuss/auth/config';
import { loadHubConfig, type HubConfig } from '@siuss/config/config';
import { readInt, readOptional, type Env } from '@siuss/config/env';
import { resolve } from 'node:path';
import type { GatewayAuth } from './identity.ts';
import { DEFAULT_PROTECTION, type ProtectionConfig } from './protection.ts';

export interface GatewayConfig {
  hub: HubConfig;
  port: number;
  /** URL of each subgraph, by the name it has in the supergraph. */
  subgraphUrls: Record<string, string>;
  /** GraphiQL and introspection: on except in production. */
  graphiql: boolean;
  /** Query limits, body size, rate limit, introspection, trusted documents (README, "Query protection"). */
  protection: ProtectionConfig;
  /** Token verification (SIUSS_JWT_*) and the subgraph signing secret (SIUSS_HMAC_SECRET). */
  auth: GatewayAuth;
}

/** The gateway's settings, read once from `env`. */
export function loadConfig(env: Env = process.env): GatewayConfig {
  const hub = loadHubConfig(env);
  // A relative path is taken from the repository root, wherever the gateway was started.
  const trustedDocuments = readOptional(env, 'SIUSS_TRUSTED_DOCUMENTS');
  return {
    hub,
    port: hub.gateway.port,
    subgraphUrls: Object.fromEntries(Object.entries(hub.subgraphs).map(([name, address]) => [name, address.url])),
    graphiql: hub.environment !== 'production',
    auth: { jwt: loadJwtSettings(env, hub), hmacSecret: loadSignatureSettings(env, hub).hmacSecret },
    protection: {
      maxDepth: readInt(env, 'SIUSS_QUERY_MAX_DEPTH', DEFAULT_PROTECTION.maxDepth, 1),
      maxAliases: readInt(env, 'SIUSS_QUERY_MAX_ALIASES', DEFAULT_PROTECTION.maxAliases),
      maxDirectives: readInt(env, 'SIUSS_QUERY_MAX_DIRECTIVES', DEFAULT_PROTECTION.maxDirectives),
      maxTokens: readInt(env, 'SIUSS_QUERY_MAX_TOKENS', DEFAULT_PROTECTION.maxTokens, 1),
      maxCost: readInt(env, 'SIUSS_QUERY_MAX_COST', DEFAULT_PROTECTION.maxCost, 1),
      maxBodyBytes: readInt(env, 'SIUSS_GATEWAY_MAX_BODY_BYTES', DEFAULT_PROTECTION.maxBodyBytes, 1024),
      rateLimitPerMinute: readInt(env, 'SIUSS_RATE_LIMIT_PER_MINUTE', DEFAULT_PROTECTION.rateLimitPerMinute),
      introspection: hub.environment !== 'production',
      trustedDocumentsPath: trustedDocuments === undefined ? undefined : resolve(hub.projectRoot, trustedDocuments),
    },
  };
}
