import { describe, expect, it } from '@jest/globals';
import { GraphQLError, GraphQLScalarType } from 'graphql';
import { createLogger } from '@siuss/logging/logger';
import { createSubgraphApollo, subgraphSchema } from './apollo.ts';

const SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
scalar CodiceFiscale
scalar Date
type Query { echoDate(value: Date!): Date! person(taxCode: CodiceFiscale!): String boom: String leak: String }
`;

const resolvers = {
  Query: {
    echoDate: (_: unknown, { value }: { value: string }) => value,
    person: (_: unknown, { taxCode }: { taxCode: string }) => taxCode,
    boom: () => {
      throw new GraphQLError('Not here.', { extensions: { code: 'NOT_FOUND' } });
    },
    leak: () => {
      throw new Error('relation "benefits.secret" does not exist');
    },
  },
};

describe('subgraphSchema', () => {
  it('resolves only the shared scalars the SDL declares', () => {
    const schema = subgraphSchema({ typeDefs: SDL, resolvers });
    expect(schema.getType('Date')?.description).toBe('A calendar date, YYYY-MM-DD.');
    expect(schema.getType('CodiceFiscale')?.toString()).toBe('CodiceFiscale');
    expect(schema.getType('Money')).toBeUndefined();
    expect(schema.getType('DateTime')).toBeUndefined();
  });

  it('lets a subgraph resolver win over the shared scalar of the same name', () => {
    const own = new GraphQLScalarType({ name: 'JSON', description: 'Our own JSON.' });
    const schema = subgraphSchema({ typeDefs: 'scalar JSON\ntype Query { x: JSON }', resolvers: { JSON: own } });
    expect(schema.getType('JSON')?.description).toBe('Our own JSON.');
  });
});

describe('createSubgraphApollo', () => {
  const apollo = createSubgraphApollo({ typeDefs: SDL, resolvers, logger: createLogger({ name: 'test', level: 'silent' }), introspection: false });
  const run = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await apollo.executeOperation({ query, variables });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    return response.body.singleResult;
  };

  it('validates the shared scalars on input', async () => {
    expect((await run('{ echoDate(value: "2024-02-29") person(taxCode: "rssmrk66c14h501u") }')).data).toEqual({ echoDate: '2024-02-29', person: 'RSSMRK66C14H501U' });
    const bad = await run('query($d: Date!) { echoDate(value: $d) }', { d: '2023-02-29' });
    expect(bad.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  it('passes hub error codes, hides anything else, and sends no stack trace', async () => {
    const known = await run('{ boom }');
    expect(known.errors?.[0]).toMatchObject({ message: 'Not here.', extensions: { code: 'NOT_FOUND' } });
    const hidden = await run('{ leak }');
    expect(hidden.errors?.[0]?.extensions?.['code']).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(hidden)).not.toMatch(/secret|stacktrace/);
  });

  it('refuses introspection when it is off', async () => {
    const result = await run('{ __schema { queryType { name } } }');
    expect(result.errors?.[0]?.message).toMatch(/introspection/i);
  });
});
