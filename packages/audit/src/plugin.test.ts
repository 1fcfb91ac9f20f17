import { describe, expect, it } from '@jest/globals';
import { ApolloServer } from '@apollo/server';
import { personSubject } from './entry.ts';
import { auditPlugin, type AuditedContext, type AuditRules } from './plugin.ts';
import { AuditRecorder } from './recorder.ts';
import { capturingLogger } from './testing.ts';
import { memoryAuditSink, type MemoryAuditSink } from './writer.ts';

const typeDefs = `
  type Query { person(taxCode: String!): Person  persons(taxCodes: [String!]!): [Person!]!  ownLog(taxCode: String!): [String!]!  version: String! }
  type Mutation { record(taxCode: String!): Person!  configure: Boolean! }
  type Person { taxCode: String! surname: String! note: Note! }
  type Note { text: String! }
`;

type Ctx = AuditedContext;
const person = (taxCode: string) => ({ taxCode, surname: 'ROSSI', note: { text: 'n' } });
const resolvers = {
  Query: {
    person: (_: unknown, { taxCode }: { taxCode: string }) => (taxCode.startsWith('X') ? null : person(taxCode)),
    persons: (_: unknown, { taxCodes }: { taxCodes: string[] }) => taxCodes.map(person),
    ownLog: (_: unknown, { taxCode }: { taxCode: string }, context: Ctx) => {
      context.audit.read(taxCode, 'Query.ownLog');
      return [];
    },
    version: () => '1',
  },
  Mutation: { record: (_: unknown, { taxCode }: { taxCode: string }) => person(taxCode), configure: () => true },
};
const rules: AuditRules<Ctx> = {
  types: { Person: (source: { taxCode: string }) => Promise.resolve(personSubject(source.taxCode)) },
  fields: {
    'Query.person': ({ args }) => personSubject(args.taxCode),
    'Mutation.record': ({ args }) => personSubject(args.taxCode),
    'Query.ownLog': () => null,
  },
  purposeExempt: ['Query.ownLog'],
};

const OPERATOR = { authenticated: true, operatorTaxCode: 'XXXXXX80P20B501B', enteCode: 'H501', roles: ['ENTE_OPERATOR'], purpose: 'presa in carico' };

async function server(options: { requirePurpose?: boolean; sink?: MemoryAuditSink } = {}) {
  const sink = options.sink ?? memoryAuditSink();
  const { logger, lines } = capturingLogger();
  const apollo = new ApolloServer<Ctx>({ typeDefs, resolvers, plugins: [auditPlugin<Ctx>({ subgraph: 'test', sink, rules, requirePurpose: options.requirePurpose ?? false, logger })] });
  await apollo.start();
  const run = async (query: string, viewer: AuditedContext['viewer'] = OPERATOR) => {
    const response = await apollo.executeOperation({ query }, { contextValue: { viewer, audit: new AuditRecorder() } });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    return { status: response.http.status, ...response.body.singleResult };
  };
  return { apollo, sink, run, lines };
}

describe('the audit plugin', () => {
  it('leaves one entry per person read, listing every field, and none for other reads', async () => {
    const { apollo, sink, run } = await server();
    await run('query Position { person(taxCode: "RSSMRA80C15H501M") { taxCode surname note { text } } version }');
    expect(sink.entries).toEqual([expect.objectContaining({
      subgraph: 'test', operationName: 'Position', operationType: 'query', action: 'READ', subject: personSubject('RSSMRA80C15H501M'),
      fields: ['Person.note', 'Person.surname', 'Person.taxCode', 'Query.person'],
      operatorTaxCode: 'XXXXXX80P20B501B', operatorRoles: ['ENTE_OPERATOR'], enteCode: 'H501', purpose: 'presa in carico', errorCode: null,
    })]);
    await run('{ persons(taxCodes: ["RSSMRA80C15H501M", "BNCGLI75S42F205Y"]) { surname } }');
    expect(sink.entries.slice(1).map((entry) => [entry.subject?.id, entry.fields])).toEqual([
      ['RSSMRA80C15H501M', ['Person.surname']],
      ['BNCGLI75S42F205Y', ['Person.surname']],
    ]);
    expect(sink.entries[1]?.requestId).toBe(sink.entries[2]?.requestId);
    await run('{ version }');
    await run('{ person(taxCode: "XYZ") { surname } }');
    expect(sink.entries).toHaveLength(4);
    expect(sink.entries[3]).toMatchObject({ subject: { kind: 'PERSON', id: 'XYZ' }, fields: ['Query.person'] });
    await apollo.stop();
  });

  it('records a write as one entry, with or without a person, and an anonymous caller without identity', async () => {
    const { apollo, sink, run } = await server();
    await run('mutation { record(taxCode: "rssmra80c15h501m") { surname } }');
    await run('mutation { configure }', { authenticated: false, operatorTaxCode: 'FORGED', enteCode: 'X', roles: ['DPO'], purpose: null });
    expect(sink.entries).toEqual([
      expect.objectContaining({ action: 'WRITE', operationType: 'mutation', subject: personSubject('RSSMRA80C15H501M'), fields: ['Mutation.record', 'Person.surname'] }),
      expect.objectContaining({ action: 'WRITE', subject: null, fields: ['Mutation.configure'], operatorTaxCode: null, operatorRoles: [], enteCode: null }),
    ]);
    await apollo.stop();
  });

  it('refuses an authenticated person read without a purpose when required, naming the header', async () => {
    const { apollo, sink, run } = await server({ requirePurpose: true });
    const refused = await run('{ person(taxCode: "RSSMRA80C15H501M") { surname } }', { ...OPERATOR, purpose: null });
    expect(refused.status).toBe(403);
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', missing: 'header x-siuss-purpose', fields: ['Person.surname', 'Query.person'] } });
    expect(refused.errors?.[0]?.message).toMatch(/x-siuss-purpose/);
    expect(refused.data).toBeUndefined();
    expect(sink.entries).toHaveLength(0);
    // Fine: reads of no person, the exempt access log, writes, and anonymous callers (refused elsewhere).
    for (const query of ['{ version }', '{ ownLog(taxCode: "RSSMRA80C15H501M") }', 'mutation { record(taxCode: "RSSMRA80C15H501M") { surname } }']) {
      expect((await run(query, { ...OPERATOR, purpose: null })).errors).toBeUndefined();
    }
    expect((await run('{ person(taxCode: "RSSMRA80C15H501M") { surname } }', { ...OPERATOR, authenticated: false, purpose: null })).errors).toBeUndefined();
    expect(sink.entries.map((entry) => entry.fields)).toEqual([['Query.ownLog'], ['Mutation.record', 'Person.surname'], ['Person.surname', 'Query.person']]);
    await apollo.stop();
  });

  it('records a read whose subject rule fails without its subject, logging no personal data', async () => {
    const sink = memoryAuditSink();
    const { logger, lines } = capturingLogger();
    const failing: AuditRules<Ctx> = { types: { Person: () => { throw new Error('RSSMRA80C15H501M not found'); } } };
    const apollo = new ApolloServer<Ctx>({ typeDefs, resolvers, plugins: [auditPlugin<Ctx>({ subgraph: 'test', sink, rules: failing, requirePurpose: false, logger })] });
    await apollo.start();
    await apollo.executeOperation({ query: '{ persons(taxCodes: ["RSSMRA80C15H501M"]) { surname } }' }, { contextValue: { viewer: OPERATOR, audit: new AuditRecorder() } });
    expect(sink.entries).toEqual([expect.objectContaining({ action: 'READ', subject: null, fields: ['Person.surname'] })]);
    expect(lines.some((line) => line.includes('audit rule failed'))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/RSSMRA80C15H501M|XXXXXX80P20B501B|presa in carico/);
    await apollo.stop();
  });

  it('refuses audited operations while the audit log cannot take more entries', async () => {
    const sink = Object.assign(memoryAuditSink(), { accepting: false });
    const { apollo, run } = await server({ sink });
    expect((await run('{ person(taxCode: "RSSMRA80C15H501M") { surname } }')).errors?.[0]?.extensions?.['code']).toBe('SERVICE_UNAVAILABLE');
    expect((await run('mutation { configure }')).errors?.[0]?.extensions?.['code']).toBe('SERVICE_UNAVAILABLE');
    expect((await run('{ version }')).errors).toBeUndefined();
    await apollo.stop();
  });
});
