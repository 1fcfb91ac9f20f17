import { describe, expect, it } from '@jest/globals';
import { buildASTSchema, Kind, parse, valueFromASTUntyped, type ConstDirectiveNode, type ObjectTypeDefinitionNode, type TypeNode } from 'graphql';
import { committedSupergraph, composeSupergraph } from './compose.ts';

/** The object types of the composed supergraph, by name. */
function objectTypes(): Map<string, ObjectTypeDefinitionNode> {
  const document = parse(composeSupergraph());
  return new Map(document.definitions.filter((node): node is ObjectTypeDefinitionNode => node.kind === Kind.OBJECT_TYPE_DEFINITION).map((node) => [node.name.value, node]));
}

/** The access directives a type or field carries in the supergraph: `{ requiresScopes: [[...]], policy: [[...]], authenticated: true }`. */
function accessOf(directives: readonly ConstDirectiveNode[] | undefined): Record<string, unknown> {
  const access: Record<string, unknown> = {};
  for (const directive of directives ?? []) {
    const name = directive.name.value;
    if (name === 'authenticated') access['authenticated'] = true;
    if (name === 'requiresScopes' || name === 'policy') access[name] = valueFromASTUntyped(directive.arguments?.[0]?.value as never);
  }
  return access;
}

const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));

describe('supergraph', () => {
  it('composes without errors', () => {
    expect(() => composeSupergraph()).not.toThrow();
  });

  it('is committed exactly as the subgraphs compose it (run `npm run compose` when this fails)', () => {
    expect(committedSupergraph()).toBe(composeSupergraph());
  });

  // The rules about the field, declared in the subgraph SDLs: the gateway enforces what the
  // supergraph carries (gateway/src/identity.ts), so they must survive composition.
  const IDENTIFIED = [['identified-data']];
  const rules: Array<[string, Record<string, unknown>]> = [
    ['Query.person', { requiresScopes: [['benefits:read']], policy: IDENTIFIED }],
    ['Query.enteBenefits', { requiresScopes: [['benefits:read']], policy: IDENTIFIED }],
    ['Mutation.recordBenefit', { requiresScopes: [['benefits:write']] }],
    ['Person', { policy: IDENTIFIED }],
    ['Benefit', { policy: IDENTIFIED }],
    ['Person.sinaAssessments', { requiresScopes: [['assessments:read', 'health:read']] }],
    ['Benefit.sinaAssessment', { requiresScopes: [['assessments:read', 'health:read']] }],
    ['Query.sinaAssessment', { requiresScopes: [['assessments:read', 'health:read']], policy: IDENTIFIED }],
    ['Person.health', { requiresScopes: [['health:read']] }],
    ['HealthRecord', { requiresScopes: [['health:read']] }],
    ['Person.isee', { requiresScopes: [['isee:read']] }],
    ['Benefit.isee', { requiresScopes: [['isee:read']] }],
    ['Query.iseeIssues', { requiresScopes: [['isee:read', 'benefits:read']], policy: IDENTIFIED }],
    ['Query.sinbaCase', { requiresScopes: [['sinba:read']] }],
    ['Mutation.recordSinbaCase', { requiresScopes: [['sinba:write']] }],
    ['SinbaCase', { authenticated: true }],
    ['Query.siossDeclaration', { requiresScopes: [['sioss:read']] }],
    ['Mutation.finaliseSiossDeclaration', { requiresScopes: [['sioss:write']] }],
    ['Mutation.reopenSiossDeclaration', { requiresScopes: [['sioss:reopen']] }],
    ['Query.siossComparison', { requiresScopes: [['aggregates:read'], ['sioss:read']] }],
    ['Person.servicesNearby', { requiresScopes: [['sioss:read']] }],
    ['SiossActor.operatorTaxCode', { policy: IDENTIFIED }],
    ['Query.flow', { requiresScopes: [['flows:read']] }],
    ['Mutation.submitFlow', { requiresScopes: [['flows:write']] }],
    ['Mutation.pollWaas', { requiresScopes: [['flows:write']], policy: [['inps']] }],
    ['Query.accessLog', { requiresScopes: [['audit:read']] }],
  ];
  it.each(rules)('carries the access rule of %s', (coordinate, expected) => {
    const [typeName, fieldName] = coordinate.split('.') as [string, string | undefined];
    const type = objectTypes().get(typeName);
    const node = fieldName ? type?.fields?.find((field) => field.name.value === fieldName) : type;
    expect(node).toBeDefined();
    expect(accessOf(node?.directives)).toEqual(expected);
  });

  it('lets no analyst reach a codice fiscale: every field holding one needs the identified-data policy, on itself or its type', () => {
    const unguarded: string[] = [];
    for (const [name, type] of objectTypes()) {
      const typePolicy = accessOf(type.directives)['policy'];
      for (const field of type.fields ?? []) {
        if (namedType(field.type) !== 'CodiceFiscale') continue;
        const policy = accessOf(field.directives)['policy'] ?? typePolicy;
        if (JSON.stringify(policy) !== JSON.stringify([['identified-data']])) unguarded.push(`${name}.${field.name.value}`);
      }
    }
    expect(unguarded).toEqual([]);
  });

  it('serves anonymously only reference data: every other root field declares what it needs', () => {
    const PUBLIC = ['benefitCode', 'benefitCodes', 'siossAmbiti', 'siossAmbito', 'siossAmbitoOfComune', 'siossCatalogue', 'siossFundAreas', 'siossMacroActivities'];
    const types = objectTypes();
    const open = ['Query', 'Mutation'].flatMap((root) => (types.get(root)?.fields ?? [])
      .filter((field) => Object.keys(accessOf(field.directives)).length === 0)
      .map((field) => (root === 'Query' ? field.name.value : `${root}.${field.name.value}`)));
    expect(open.sort()).toEqual(PUBLIC);
  });

  it('exposes the person entry point with its benefits', () => {
    const schema = buildASTSchema(parse(composeSupergraph()), { assumeValidSDL: true });
    const person = schema.getQueryType()?.getFields()['person'];
    expect(person?.args.map((arg) => `${arg.name}: ${String(arg.type)}`)).toEqual(['taxCode: CodiceFiscale!']);
  });
});
