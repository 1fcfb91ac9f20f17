import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { composeServices } from '@theguild/federation-composition';
import {
  buildASTSchema, getNamedType, isInputObjectType, isInterfaceType, isObjectType, isUnionType, parse,
  type GraphQLNamedType, type GraphQLSchema,
} from 'graphql';
import { SUBGRAPHS } from '@siuss/schema/subgraphs';
import { assessmentsTypeDefs, buildAssessmentsSchema } from './server.ts';

// SINBA is pseudonymous by law: no path may lead from a person (or anything about a person) to a
// SINBA case, and nothing returned with a SINBA case may carry a codice fiscale or a name. These
// tests check it on the schemas, so a field added later that breaks it fails here.

/** Field names that identify a person; none may appear on a type reachable from SINBA data. */
const IDENTIFYING = /^(taxCode|taxCodes|codiceFiscale|CodiceFiscale|operatorTaxCode|name|surname|firstName|lastName|givenName|person|beneficiary)$/i;

/** Every named output type reachable from `roots` through fields (objects, interfaces, union members). */
function reachable(schema: GraphQLSchema, roots: readonly string[]): Map<string, string> {
  const seen = new Map<string, string>();
  const queue: Array<[GraphQLNamedType, string]> = roots.map((name) => [schema.getType(name) as GraphQLNamedType, name]);
  while (queue.length > 0) {
    const [type, path] = queue.shift() as [GraphQLNamedType, string];
    if (!type || seen.has(type.name)) continue;
    seen.set(type.name, path);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) queue.push([getNamedType(field.type), `${path}.${field.name}`]);
      for (const implementation of isInterfaceType(type) ? schema.getPossibleTypes(type) : []) queue.push([implementation, `${path}<${implementation.name}>`]);
    }
    if (isUnionType(type)) for (const member of type.getTypes()) queue.push([member, `${path}<${member.name}>`]);
  }
  return seen;
}

function supergraphOf(names: readonly string[]): GraphQLSchema {
  const services = SUBGRAPHS.filter((subgraph) => names.includes(subgraph.name)).map((subgraph) => ({
    name: subgraph.name, url: subgraph.defaultUrl, typeDefs: parse(readFileSync(subgraph.sdl, 'utf8')),
  }));
  const result = composeServices(services);
  expect(result.errors?.map((error) => error.message) ?? []).toEqual([]);
  return buildASTSchema(parse(result.supergraphSdl as string), { assumeValidSDL: true });
}

const sinbaTypes = (schema: GraphQLSchema): string[] => Object.keys(schema.getTypeMap()).filter((name) => name.startsWith('Sinba'));

function assertNoPathToSinba(schema: GraphQLSchema): void {
  const fromPerson = reachable(schema, ['Person', 'Benefit']);
  expect(fromPerson.has('Person')).toBe(true);
  expect(fromPerson.has('SinaAssessment')).toBe(true);
  const leaks = [...fromPerson.entries()].filter(([name]) => name.startsWith('Sinba')).map(([, path]) => path);
  expect(leaks).toEqual([]);
}

describe('SINBA unlinkability', () => {
  const subgraph = buildAssessmentsSchema();

  it('has SINBA types to protect (the walk below is not vacuous)', () => {
    expect(sinbaTypes(subgraph)).toEqual(expect.arrayContaining(['SinbaCase', 'SinbaCaseConnection', 'SinbaCaseInput', 'SinbaSubmission']));
  });

  it('would notice a path (a Person field leading to SINBA cases fails the check)', () => {
    const leaky = assessmentsTypeDefs().replace(/^(\s*)(sinaAssessments\(status: \[SinaAssessmentStatus!\]\): \[SinaAssessment!\])/m, '$1minorCases: SinbaCaseConnection!\n$1$2');
    expect(leaky).toContain('minorCases');
    const benefits = SUBGRAPHS.find((s) => s.name === 'benefits');
    const result = composeServices([
      { name: 'benefits', url: 'http://127.0.0.1:1/graphql', typeDefs: parse(readFileSync(benefits?.sdl as URL, 'utf8')) },
      { name: 'assessments', url: 'http://127.0.0.1:2/graphql', typeDefs: parse(leaky) },
    ]);
    const schema = buildASTSchema(parse(result.supergraphSdl as string), { assumeValidSDL: true });
    expect(reachable(schema, ['Person']).get('SinbaCase')).toBe('Person.minorCases.edges.node');
    expect(() => assertNoPathToSinba(schema)).toThrow();
  });

  it('offers no path from Person or Benefit to a SINBA type in the supergraph of benefits and assessments', () => {
    const schema = supergraphOf(['benefits', 'assessments']);
    expect(sinbaTypes(schema).length).toBeGreaterThan(30);
    assertNoPathToSinba(schema);
  });

  it('offers no such path in the supergraph of every subgraph whose SDL exists', () => {
    const present = SUBGRAPHS.filter((s) => existsSync(s.sdl)).map((s) => s.name);
    expect(present).toEqual(expect.arrayContaining(['benefits', 'assessments']));
    assertNoPathToSinba(supergraphOf(present));
  });

  it('offers no such path, and returns no codice fiscale or person with SINBA data, in the committed schema/supergraph.graphql the gateway serves', () => {
    const committed = readFileSync(new URL(import.meta.resolve('@siuss/schema/supergraph.graphql')), 'utf8');
    const schema = buildASTSchema(parse(committed), { assumeValidSDL: true });
    expect(sinbaTypes(schema).length).toBeGreaterThan(30);
    assertNoPathToSinba(schema);
    const roots = sinbaTypes(schema).filter((name) => isObjectType(schema.getType(name)));
    const fromSinba = reachable(schema, roots);
    expect([...fromSinba.keys()].filter((name) => ['Person', 'Benefit', 'SinaAssessment', 'CodiceFiscale', 'AssessmentSubmission', 'AssessmentEnte'].includes(name))).toEqual([]);
    for (const name of fromSinba.keys()) {
      const type = schema.getType(name);
      if (!isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        expect(IDENTIFYING.test(field.name)).toBe(false);
        expect(`${name}.${field.name}: ${getNamedType(field.type).name}`).not.toMatch(/: CodiceFiscale$/);
      }
    }
    // No SINBA type is an entity of any subgraph: no @join__type carries a key for it.
    expect(committed).toMatch(/^type Person @join__type\(graph: ASSESSMENTS, key: "taxCode"\)/m);
    expect(committed.match(/^type Sinba\w* @join__type.*\bkey: .*$/gm) ?? []).toEqual([]);
  });

  it('returns no codice fiscale, name or person with SINBA data', () => {
    const roots = Object.values(subgraph.getTypeMap()).filter((type) => type.name.startsWith('Sinba') && (isObjectType(type) || isInterfaceType(type))).map((type) => type.name);
    const fromSinba = reachable(subgraph, roots);
    expect([...fromSinba.keys()].filter((name) => ['Person', 'Benefit', 'SinaAssessment', 'CodiceFiscale', 'AssessmentSubmission', 'AssessmentEnte'].includes(name))).toEqual([]);
    for (const name of fromSinba.keys()) {
      const type = subgraph.getType(name);
      if (!isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        expect(`${name}.${field.name}`).not.toMatch(/\.(taxCode|codiceFiscale|operatorTaxCode|name|surname|person)$/i);
        expect(`${name}.${field.name}: ${getNamedType(field.type).name}`).not.toMatch(/: CodiceFiscale$/);
        expect(IDENTIFYING.test(field.name)).toBe(false);
      }
    }
  });

  it('takes no codice fiscale or name of the minor in SINBA inputs', () => {
    for (const type of Object.values(subgraph.getTypeMap()).filter((t) => t.name.startsWith('Sinba') && isInputObjectType(t))) {
      if (!isInputObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        expect(`${type.name}.${field.name}`).not.toMatch(/\.(taxCode|codiceFiscale|name|surname)$/i);
        expect(getNamedType(field.type).name).not.toBe('CodiceFiscale');
      }
    }
  });

  it('makes no SINBA type an entity, so _entities cannot fetch one', () => {
    const entity = subgraph.getType('_Entity');
    expect(isUnionType(entity) && entity.getTypes().map((t) => t.name).sort()).toEqual(['Benefit', 'Comune', 'Person']);
    expect(assessmentsTypeDefs()).not.toMatch(/type Sinba\w* @key/);
  });

  it('adds to Person only its key and the SINA assessments (with the access it requires from benefits)', () => {
    const person = subgraph.getType('Person');
    expect(isObjectType(person) && Object.keys(person.getFields())).toEqual(['taxCode', 'access', 'sinaAssessments']);
  });
});
