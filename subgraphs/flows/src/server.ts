import { readFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import { auditPlugin, type AuditOptions } from '@siuss/audit/plugin';
import { AuditRecorder } from '@siuss/audit/recorder';
import type { TokenVerifier } from '@siuss/auth/token';
import type { Logger } from '@siuss/logging/logger';
import { createSubgraphApollo, subgraphSchema } from '@siuss/service/apollo';
import type { Viewer } from '@siuss/service/viewer';
import { flowsAudit, recordFlowReceived } from './audit.ts';
import type { Context } from './context.ts';
import { createLoaders } from './loaders.ts';
import { Flow, FlowRecord, WaasEnte } from './resolvers/Flow.ts';
import { Mutation } from './resolvers/Mutation.ts';
import { Query } from './resolvers/Query.ts';
import { flowRoutes } from './routes.ts';
import type { FlowService } from './service.ts';

/** The subgraph SDL, as composed into the supergraph. */
export function flowsTypeDefs(): string {
  return readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
}

const resolvers = { Query, Mutation, Flow, FlowRecord, WaasEnte };

/** The executable subgraph schema: SDL, the shared scalars it declares, and resolvers grouped per type. */
export function buildFlowsSchema() {
  return subgraphSchema({ typeDefs: flowsTypeDefs(), resolvers });
}

export interface FlowsServerOptions {
  orm: MikroORM;
  logger: Logger;
  flows: FlowService;
  settings: Context['settings'];
  introspection: boolean;
  /** Where flow submissions are recorded (see src/audit.ts); the FlowService records WaaS acquisitions to the same sink. */
  audit: AuditOptions;
  /** Verifies the bearer tokens of the HTTP endpoints, which a client calls without the gateway. */
  verifyToken: TokenVerifier;
}

/**
 * Builds the flows service without starting anything: the Apollo server with its audit plugin, the
 * per-request context factory, the HTTP endpoints of uploads (each recorded in the audit log) and
 * downloads, and the background work (queue workers, WaaS polling) that `background.start()` sets
 * going. index.ts serves it; tests drive it in-process.
 */
export function createFlowsServer({ orm, logger, flows, settings, introspection, audit, verifyToken }: FlowsServerOptions) {
  const plugins = [auditPlugin<Context>({ subgraph: 'flows', sink: audit.sink, rules: flowsAudit, requirePurpose: audit.requirePurpose, logger })];
  const apollo = createSubgraphApollo<Context>({ typeDefs: flowsTypeDefs(), resolvers, logger, introspection, plugins });
  const createContext = (viewer: Viewer): Context => {
    const em = orm.em.fork();
    return { em, loaders: createLoaders(em), viewer, audit: new AuditRecorder(), flows, settings };
  };
  const routes = flowRoutes(flows, logger, verifyToken, (stored, actor) => recordFlowReceived(audit.sink, { flowId: stored.flowId, channel: 'upload', actor: { ...actor, purpose: null } }));
  return { apollo, createContext, routes, background: { start: () => flows.start(), stop: () => flows.stop() } };
}
