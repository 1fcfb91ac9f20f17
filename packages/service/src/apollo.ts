import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { Kind, parse, type GraphQLScalarType, type GraphQLSchema } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { createFormatError } from '@siuss/errors/format';
import type { Logger } from '@siuss/logging/logger';
import { CodiceFiscaleScalar } from '@siuss/scalars/codice-fiscale';
import { DateScalar } from '@siuss/scalars/date';
import { DecimalScalar, MoneyScalar } from '@siuss/scalars/money';

/** The scalars every subgraph resolves the same way, by the name the SDL declares them with. */
const SHARED_SCALARS: Readonly<Record<string, GraphQLScalarType>> = {
  CodiceFiscale: CodiceFiscaleScalar,
  Date: DateScalar,
  DateTime: DateTimeResolver,
  Money: MoneyScalar,
  Decimal: DecimalScalar,
  JSON: JSONResolver,
};

export interface SubgraphSchemaOptions {
  /** The subgraph's SDL (`extend schema @link(...federation...)`, `scalar Date`, types...). */
  typeDefs: string;
  /** Resolvers grouped per type; an entry here wins over the shared scalar of the same name. */
  resolvers: Record<string, unknown>;
}

/**
 * The executable federated schema of a subgraph: its SDL, the shared scalar resolvers for exactly
 * the scalars the SDL declares (buildSubgraphSchema refuses resolvers for types the schema lacks,
 * and a subgraph declares only the scalars it uses), then its own resolvers. Built with the array
 * form of `buildSubgraphSchema`, as every subgraph of the hub is.
 */
export function subgraphSchema({ typeDefs, resolvers }: SubgraphSchemaOptions): GraphQLSchema {
  const document = parse(typeDefs);
  const scalars: Record<string, GraphQLScalarType> = {};
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCALAR_TYPE_DEFINITION) continue;
    const shared = SHARED_SCALARS[definition.name.value];
    if (shared) scalars[definition.name.value] = shared;
  }
  return buildSubgraphSchema([{ typeDefs: document, resolvers: { ...scalars, ...resolvers } as GraphQLResolverMap<unknown> }]);
}

export interface SubgraphApolloOptions<TContext extends BaseContext = BaseContext> extends SubgraphSchemaOptions {
  /** Where formatError logs the internal errors it hides from callers. */
  logger: Logger;
  /** Introspection on (development, tests) or off (production). */
  introspection: boolean;
  /** The subgraph's own plugins (the audit plugin of @siuss/audit), after the shared ones. */
  plugins?: ApolloServerPlugin<TContext>[];
}

/**
 * An Apollo server for a subgraph, not started: the schema of `subgraphSchema`, the hub's
 * `formatError` (hub codes pass, anything else becomes INTERNAL_SERVER_ERROR with an incident id),
 * no stack traces in responses, and no inline (ftv1) traces: the hub reports nothing to Apollo
 * Studio, so a trace asked for by a header would only cost time and describe resolver paths.
 * Every subgraph is served with exactly these options, so an error looks the same whichever
 * subgraph raised it.
 */
export function createSubgraphApollo<TContext extends BaseContext>({ logger, introspection, plugins = [], ...schema }: SubgraphApolloOptions<TContext>): ApolloServer<TContext> {
  return new ApolloServer<TContext>({
    schema: subgraphSchema(schema),
    formatError: createFormatError(logger),
    introspection,
    includeStacktraceInErrorResponses: false,
    // The service stops it (runUntilStopped). Apollo's own SIGINT/SIGTERM handler would race that stop(),
    // and a stop() called while another runs never resolves (5.x resolves the barrier only on failure).
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ...plugins],
  });
}
