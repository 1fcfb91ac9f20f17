import { GraphQLScalarType } from 'graphql';
import { LocalDateResolver } from 'graphql-scalars';

/**
 * `Date` scalar: graphql-scalars' LocalDate renamed, so dates travel and are stored as plain
 * 'YYYY-MM-DD' strings (no time zone, no Date object that could shift a day). One instance for
 * every subgraph, so the composed supergraph's `Date` behaves the same wherever it is resolved.
 */
export const DateScalar = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD.',
});
