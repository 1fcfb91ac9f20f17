import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { composeServices } from '@theguild/federation-composition';
import { buildASTSchema, parse } from 'graphql';
import { offeringTypeDefs } from './server.ts';

// Composition with the subgraph that owns Person, Residence and Comune, checked here so a change on
// either side that breaks Person.servicesNearby fails in this package's tests.

describe('offering SDL', () => {
  const benefits = readFileSync(new URL(import.meta.resolve('@siuss/subgraph-benefits/schema.graphql')), 'utf8');
  const result = composeServices([
    { name: 'benefits', url: 'http://127.0.0.1:4001/graphql', typeDefs: parse(benefits) },
    { name: 'offering', url: 'http://127.0.0.1:4003/graphql', typeDefs: parse(offeringTypeDefs()) },
  ]);

  it('composes with the benefits subgraph', () => {
    expect(result.errors).toBeUndefined();
  });

  it('adds servicesNearby to Person and siossAmbito to Comune in the supergraph', () => {
    const schema = buildASTSchema(parse(result.supergraphSdl as string), { assumeValidSDL: true });
    const person = schema.getType('Person') as any;
    expect(String(person.getFields()['servicesNearby'].type)).toBe('[SiossDeclaredService!]!');
    expect(person.getFields()['residences']).toBeDefined();
    expect(String((schema.getType('Comune') as any).getFields()['siossAmbito'].type)).toBe('SiossAmbito');
  });
});
