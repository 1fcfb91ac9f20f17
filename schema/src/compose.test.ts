import { describe, expect, it } from '@jest/globals';
import { buildASTSchema, parse } from 'graphql';
import { committedSupergraph, composeSupergraph } from './compose.ts';

describe('supergraph', () => {
  it('composes without errors', () => {
    expect(() => composeSupergraph()).not.toThrow();
  });

  it('is committed exactly as the subgraphs compose it (run `npm run compose` when this fails)', () => {
    expect(committedSupergraph()).toBe(composeSupergraph());
  });

  it('exposes the person entry point with its benefits', () => {
    const schema = buildASTSchema(parse(composeSupergraph()), { assumeValidSDL: true });
    const person = schema.getQueryType()?.getFields()['person'];
    expect(person?.args.map((arg) => `${arg.name}: ${String(arg.type)}`)).toEqual(['taxCode: CodiceFiscale!']);
  });
});
