import { readFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import { auditPlugin, type AuditOptions } from '@siuss/audit/plugin';
import { AuditRecorder } from '@siuss/audit/recorder';
import type { Logger } from '@siuss/logging/logger';
import { createSubgraphApollo, subgraphSchema } from '@siuss/service/apollo';
import type { Viewer } from '@siuss/service/viewer';
import { assessmentsAudit } from './audit.ts';
import type { Context } from './context.ts';
import { enumResolvers } from './domain/code-lists.ts';
import { createLoaders } from './loaders.ts';
import { Benefit } from './resolvers/Benefit.ts';
import { Mutation } from './resolvers/Mutation.ts';
import { Person } from './resolvers/Person.ts';
import { Query } from './resolvers/Query.ts';
import { SinaAssessment } from './resolvers/SinaAssessment.ts';
import { SinbaCase } from './resolvers/SinbaCase.ts';

/** The subgraph SDL, as composed into the supergraph. */
export function assessmentsTypeDefs(): string {
  return readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
}

const resolvers = { ...enumResolvers(), Query, Mutation, Person, Benefit, SinaAssessment, SinbaCase };

/**
 * The executable subgraph schema: SDL, the shared scalars it declares, and resolvers grouped per
 * type. Every code-list enum gets the XSD codes as internal values, so arguments arrive as codes
 * and stored codes serialise as names.
 */
export function buildAssessmentsSchema() {
  return subgraphSchema({ typeDefs: assessmentsTypeDefs(), resolvers });
}

export interface AssessmentsServerOptions {
  orm: MikroORM;
  logger: Logger;
  settings: Context['settings'];
  /** Introspection on (development, tests) or off (production). */
  introspection: boolean;
  /** Where reads and writes of assessments are recorded (see src/audit.ts). */
  audit: AuditOptions;
}

/**
 * Builds the assessments service without starting anything: the Apollo server with its audit
 * plugin, and the per-request context factory (EntityManager fork, fresh DataLoaders, viewer,
 * audit recorder). index.ts serves it over HTTP; tests call `apollo.executeOperation` with `createContext`.
 */
export function createAssessmentsServer({ orm, logger, settings, introspection, audit }: AssessmentsServerOptions) {
  const plugins = [auditPlugin<Context>({ subgraph: 'assessments', sink: audit.sink, rules: assessmentsAudit, requirePurpose: audit.requirePurpose, logger })];
  const apollo = createSubgraphApollo<Context>({ typeDefs: assessmentsTypeDefs(), resolvers, logger, introspection, plugins });
  const createContext = (viewer: Viewer): Context => {
    const em = orm.em.fork();
    return { em, loaders: createLoaders(em), viewer, settings, audit: new AuditRecorder() };
  };
  return { apollo, createContext };
}
