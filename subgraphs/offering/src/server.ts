import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { MikroORM } from '@mikro-orm/postgresql';
import { GraphQLScalarType, parse } from 'graphql';
import { DateTimeResolver, JSONResolver, LocalDateResolver } from 'graphql-scalars';
import { createFormatError } from '@siuss/errors/format';
import type { Logger } from '@siuss/logging/logger';
import { CodiceFiscaleScalar } from '@siuss/scalars/codice-fiscale';
import { DecimalScalar, MoneyScalar } from '@siuss/scalars/money';
import type { Viewer } from '@siuss/service/viewer';
import type { Context, Settings } from './context.ts';
import { createLoaders } from './loaders.ts';
import { Comune } from './resolvers/Comune.ts';
import { Mutation } from './resolvers/Mutation.ts';
import { Person } from './resolvers/Person.ts';
import { Query } from './resolvers/Query.ts';
import { SiossAgreement } from './resolvers/SiossAgreement.ts';
import { SiossAmbito } from './resolvers/SiossAmbito.ts';
import { SiossChange } from './resolvers/SiossChange.ts';
import { SiossDeclaration } from './resolvers/SiossDeclaration.ts';
import { SiossDeclaredProfessional } from './resolvers/SiossDeclaredProfessional.ts';
import { SiossDeclaredService } from './resolvers/SiossDeclaredService.ts';
import { SiossFundModule } from './resolvers/SiossFundModule.ts';

/** The subgraph SDL, as composed into the supergraph. */
export function offeringTypeDefs(): string {
  return readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
}

const DateScalar = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD.',
});

/** The executable subgraph schema: SDL plus resolvers grouped per type. */
export function buildOfferingSchema() {
  return buildSubgraphSchema([
    {
      typeDefs: parse(offeringTypeDefs()),
      resolvers: {
        CodiceFiscale: CodiceFiscaleScalar,
        Date: DateScalar,
        DateTime: DateTimeResolver,
        Money: MoneyScalar,
        Decimal: DecimalScalar,
        JSON: JSONResolver,
        Query,
        Mutation,
        Person,
        Comune,
        SiossAmbito,
        SiossAgreement,
        SiossDeclaration,
        SiossDeclaredService,
        SiossDeclaredProfessional,
        SiossFundModule,
        SiossChange,
      } as never,
    },
  ]);
}

export interface OfferingServerOptions {
  orm: MikroORM;
  logger: Logger;
  settings: Settings;
  /** Introspection on (development, tests) or off (production). */
  introspection: boolean;
}

/**
 * Builds the offering service without starting anything: the Apollo server and the per-request
 * context factory (EntityManager fork, fresh DataLoaders, viewer). index.ts serves it over HTTP;
 * tests call `apollo.executeOperation` with `createContext`.
 */
export function createOfferingServer({ orm, logger, settings, introspection }: OfferingServerOptions) {
  const apollo = new ApolloServer<Context>({
    schema: buildOfferingSchema(),
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
