import { readFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import { auditPlugin, type AuditOptions } from '@siuss/audit/plugin';
import { AuditRecorder } from '@siuss/audit/recorder';
import type { Logger } from '@siuss/logging/logger';
import { createSubgraphApollo, subgraphSchema } from '@siuss/service/apollo';
import type { Viewer } from '@siuss/service/viewer';
import { benefitsAudit } from './audit.ts';
import type { Context } from './context.ts';
import { createLoaders } from './loaders.ts';
import { AccessLogEntry } from './resolvers/AccessLogEntry.ts';
import { Benefit } from './resolvers/Benefit.ts';
import { Comune } from './resolvers/Comune.ts';
import { Mutation } from './resolvers/Mutation.ts';
import { Person } from './resolvers/Person.ts';
import { Query } from './resolvers/Query.ts';

/** The subgraph SDL, as composed into the supergraph. */
export function benefitsTypeDefs(): string {
  return readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
}

const resolvers = { Query, Mutation, Person, Benefit, Comune, AccessLogEntry };

/** The executable subgraph schema: SDL, the shared scalars it declares, and resolvers grouped per type. */
export function buildBenefitsSchema() {
  return subgraphSchema({ typeDefs: benefitsTypeDefs(), resolvers });
}

export interface BenefitsServerOptions {
  orm: MikroORM;
  logger: Logger;
  settings: Context['settings'];
  /** Introspection on (development, tests) or off (production). */
  introspection: boolean;
  /** Where reads and writes of persons are recorded (see src/audit.ts). */
  audit: AuditOptions;
}

/**
 * Builds the benefits service without starting anything: the Apollo server with its audit plugin,
 * and the per-request context factory (EntityManager fork, fresh DataLoaders, viewer, audit
 * recorder). index.ts serves it over HTTP; tests call `apollo.executeOperation` with `createContext`.
 */
export function createBenefitsServer({ orm, logger, settings, introspection, audit }: BenefitsServerOptions) {
  const plugins = [auditPlugin<Context>({ subgraph: 'benefits', sink: audit.sink, rules: benefitsAudit, requirePurpose: audit.requirePurpose, logger })];
  const apollo = createSubgraphApollo<Context>({ typeDefs: benefitsTypeDefs(), resolvers, logger, introspection, plugins });
  const createContext = (viewer: Viewer): Context => {
    const em = orm.em.fork();
    return { em, loaders: createLoaders(em), viewer, settings, audit: new AuditRecorder() };
  };
  return { apollo, createContext };
}
