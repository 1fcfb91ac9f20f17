import { describe, expect, it } from '@jest/globals';
import { getNamedType, isEnumType, isInputObjectType, isNonNullType, isObjectType, type GraphQLField, type GraphQLInputField } from 'graphql';
import { ENTE_ATTRIBUTES, SINA_ATTRIBUTES, SINBA_ATTRIBUTES, type AttributeSpec } from './domain/attributes.ts';
import { ALL_CODE_LISTS, SINA_CODE_LISTS, SINBA_CODE_LISTS } from './domain/code-lists.ts';
import { buildAssessmentsSchema } from './server.ts';

// The SDL is written by hand; these tests keep it in step with the code lists and attribute tables
// that validation and storage use, so an enum value or a field cannot drift from its XSD code.

describe('subgraph schema', () => {
  const schema = buildAssessmentsSchema();
  const fields = (name: string): Record<string, GraphQLField<unknown, unknown> | GraphQLInputField> => {
    const type = schema.getType(name);
    if (!isObjectType(type) && !isInputObjectType(type)) throw new Error(`${name} is not an object or input type`);
    return type.getFields();
  };

  it('has one enum per XSD code list: 11 for SINAType, 33 for SINBA.xsd', () => {
    expect(Object.keys(SINA_CODE_LISTS)).toHaveLength(11);
    expect(Object.keys(SINBA_CODE_LISTS)).toHaveLength(33);
    expect(new Set(ALL_CODE_LISTS.map((list) => list.graphqlEnum)).size).toBe(44);
  });

  it('describes every enum value with its XSD code and official label, and maps it to the code', () => {
    for (const list of ALL_CODE_LISTS) {
      const type = schema.getType(list.graphqlEnum);
      expect(isEnumType(type)).toBe(true);
      if (!isEnumType(type)) continue;
      expect(type.description).toContain(list.xsdType);
      expect(type.getValues().map((value) => [value.name, value.value, value.description])).toEqual(
        list.values.map((value) => [value.name, value.code, `${value.code} ${value.label}`]),
      );
    }
    const mobility = schema.getType('SinaMobility');
    expect(isEnumType(mobility) && mobility.getValue('MOVES_ALONE')?.description).toBe('1 Si sposta da solo');
  });

  it('has an input and an output field for every XSD attribute, typed by its code list and required as in the XSD', () => {
    const check = (specs: readonly AttributeSpec[], input: string, output: string) => {
      for (const spec of specs) {
        const inField = fields(input)[spec.field];
        const outField = fields(output)[spec.field];
        expect([spec.xsd, inField !== undefined, outField !== undefined]).toEqual([spec.xsd, true, true]);
        if (!inField || !outField) continue;
        expect([spec.xsd, isNonNullType(inField.type)]).toEqual([spec.xsd, spec.required]);
        if (spec.facet.kind === 'enum') {
          expect([spec.xsd, getNamedType(inField.type).name, getNamedType(outField.type).name]).toEqual([spec.xsd, spec.facet.list.graphqlEnum, spec.facet.list.graphqlEnum]);
        }
      }
    };
    check(SINA_ATTRIBUTES, 'SinaAssessmentInput', 'SinaAssessment');
    check(SINBA_ATTRIBUTES, 'SinbaCaseInput', 'SinbaCase');
    for (const spec of ENTE_ATTRIBUTES) expect(fields('AssessmentEnteInput')[spec.field]).toBeDefined();
    expect(Object.keys(fields('SinbaCaseInput')).sort()).toEqual(
      [...SINBA_ATTRIBUTES.map((spec) => spec.field), 'ente', 'reportingYear', 'benefitCodes', 'familyComposition', 'flowName'].sort(),
    );
  });
});
