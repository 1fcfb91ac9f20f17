import { readFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '@siuss/logging/logger';
import { createSubgraphApollo, subgraphSchema } from '@siuss/service/apollo';
import type { Viewer } from '@siuss/service/viewer';
import type { Context } from './context.ts';
import { createLoaders } from './loaders.ts';
import { Benefit } from './resolvers/Benefit.ts';
import { Comune } from './resolvers/Comune.ts';
import { Mutation } from './resolvers/Mutation.ts';
import { Person } from './resolvers/Person.ts';
import { Query } from './resolvers/Query.ts';

/** The subgraph SDL, as composed into the supergraph. */
export function benefitsTypeDefs(): string {
  return readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
}

const resolvers = { Query, Mutation, Person, Benefit, Comune };

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
}

/**
 * Builds the benefits service without starting anything: the Apollo server and the per-request
 * context factory (EntityManager fork, fresh DataLoaders, viewer). index.ts serves it over HTTP;
 * tests call `apollo.executeOperation` with `createContext`.
 */
export function createBenefitsServer({ orm, logger, settings, introspection }: BenefitsServerOptions) {
  const apollo = createSubgraphApollo<Context>({ typeDefs: benefitsTypeDefs(), resolvers, logger, introspection });
  const createContext = (viewer: Viewer): Context => {
    const em = orm.em.fork();
    return { em, loaders: createLoaders(em), viewer, settings };
  };
  return { apollo, createContext };
}
