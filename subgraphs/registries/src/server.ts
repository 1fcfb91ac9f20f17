import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLScalarType, parse } from 'graphql';
import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';
import { createFormatError } from '@siuss/errors/format';
import type { Logger } from '@siuss/logging/logger';
import { CodiceFiscaleScalar } from '@siuss/scalars/codice-fiscale';
import { DecimalScalar, MoneyScalar } from '@siuss/scalars/money';
import type { Viewer } from '@siuss/service/viewer';
import { BenefitsClient } from './benefits-client.ts';
import type { RegistriesConfig } from './config.ts';
import type { Context } from './context.ts';
import { createLoaders } from './loaders.ts';
import { italianDate } from './registry/dates.ts';
import { IseeRegistry } from './registry/isee.ts';
import { NsisRegistry } from './registry/nsis.ts';
import { Benefit } from './resolvers/Benefit.ts';
import { Person } from './resolvers/Person.ts';
import { Query } from './resolvers/Query.ts';

/** The subgraph SDL, as composed into the supergraph. */
export function registriesTypeDefs(): string {
  return readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
}

const DateScalar = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD.',
});

/** The executable subgraph schema: SDL plus resolvers grouped per type. */
export function buildRegistriesSchema() {
  return buildSubgraphSchema([
    {
      typeDefs: parse(registriesTypeDefs()),
      resolvers: {
        CodiceFiscale: CodiceFiscaleScalar,
        Date: DateScalar,
        DateTime: DateTimeResolver,
        Money: MoneyScalar,
        Decimal: DecimalScalar,
        Query,
        Person,
        Benefit,
      } as never,
    },
  ]);
}

export interface RegistriesServerOptions {
  settings: Pick<RegistriesConfig, 'isee' | 'nsis' | 'benefits'>;
  logger: Logger;
  /** Introspection on (development, tests) or off (production). */
  introspection: boolean;
  /** The clock (tests move it); the real one by default. */
  now?: () => Date;
}

/**
 * Builds the registries service without starting anything: the Apollo server, the per-request
 * context factory, and the registry adapters, created once here so their caches and circuit
 * breakers are shared by every request of the service. index.ts serves it over HTTP; tests call
 * `apollo.executeOperation` with `createContext`.
 */
export function createRegistriesServer({ settings, logger, introspection, now = () => new Date() }: RegistriesServerOptions) {
  const isee = new IseeRegistry({ settings: settings.isee, logger, now });
  const nsis = new NsisRegistry({ settings: settings.nsis, logger, now });
  const benefits = new BenefitsClient({ ...settings.benefits, logger });
  const apollo = new ApolloServer<Context>({
    schema: buildRegistriesSchema(),
    formatError: createFormatError(logger),
    introspection,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const createContext = (viewer: Viewer): Context => ({
    loaders: createLoaders({ isee, nsis }),
    viewer,
    benefits,
    today: () => italianDate(now()),
  });
  /** Circuit state per registry, for operators. */
  const breakers = () => ({ isee: isee.client.breakerState, nsis: nsis.client.breakerState });
  return { apollo, createContext, registries: { isee, nsis }, breakers };
}
