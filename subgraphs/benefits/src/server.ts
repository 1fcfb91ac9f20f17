import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { MikroORM } from '@mikro-orm/postgresql';
import { GraphQLScalarType, parse } from 'graphql';
import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';
import { createFormatError } from '@siuss/errors/format';
import type { Logger } from '@siuss/logging/logger';
import { CodiceFiscaleScalar } from '@siuss/scalars/codice-fiscale';
import { DecimalScalar, MoneyScalar } from '@siuss/scalars/money';
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

const DateScalar = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD.',
});

/** The executable subgraph schema: SDL plus resolvers grouped per type. */
export function buildBenefitsSchema() {
  return buildSubgraphSchema([
    {
      typeDefs: parse(benefitsTypeDefs()),
      resolvers: {
        CodiceFiscale: CodiceFiscaleScalar,
        Date: DateScalar,
        DateTime: DateTimeResolver,
        Money: MoneyScalar,
        Decimal: DecimalScalar,
        Query,
        Mutation,
        Person,
        Benefit,
        Comune,
      } as never,
    },
  ]);
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
  const apollo = new ApolloServer<Context>({
    schema: buildBenefitsSchema(),
    formatError: createFormatError(logger),
    introspection,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const createContext = (viewer: Viewer): Context => {
    const em = orm.em.fork();
    return { em, loaders: createLoaders(em), viewer, settings };
  };
  return { apollo, createContext };
}
