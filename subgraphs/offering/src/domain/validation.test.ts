import { describe, expect, it } from '@jest/globals';
import { missingSections, validateFundModule, validateProfessional, validateService, validateYear } from './validation.ts';

const service = { catalogueCode: 'P2.01', managingBodyCode: 'B1', targetUsers: ['ELDERLY' as const], capacity: null, usersServed: 10, spending: '100.00' };
const professional = { profession: 'SOCIAL_WORKER' as const, headCount: 2, fte: '1.50', employerKind: 'COMUNE' as const, contractType: 'PERMANENT' as const };
const rules = (violations: Array<{ rule: string; field: string }>) => violations.map((v) => `${v.rule}:${v.field}`);

describe('offering validation rules', () => {
  it('accepts a valid service, professional row and FNPS module', () => {
    expect(validateService(service, 2025, true)).toEqual([]);
    expect(validateProfessional(professional, false)).toEqual([]);
    expect(validateFundModule({ fund: 'FNPS', amounts: [{ areaCode: 'M1', amount: '0.00' }], beneficiaries: [] })).toEqual([]);
  });

  it('CATALOGUE and CATALOGUE_YEAR: the item must exist and be valid in the year', () => {
    expect(rules(validateService({ ...service, catalogueCode: 'A1' }, 2025, true))).toEqual(['CATALOGUE:service.catalogueCode']);
    expect(rules(validateService({ ...service, catalogueCode: 'P5.03' }, 2025, true))).toEqual(['CATALOGUE_YEAR:service.catalogueCode']);
    expect(validateService({ ...service, catalogueCode: 'P5.03' }, 2023, true)).toEqual([]);
  });

  it('NON_NEGATIVE on every count and amount, all reported at once', () => {
    expect(rules(validateService({ ...service, capacity: -1, usersServed: -2, spending: '-0.01' }, 2025, true)))
      .toEqual(['NON_NEGATIVE:service.capacity', 'NON_NEGATIVE:service.usersServed', 'NON_NEGATIVE:service.spending']);
    expect(rules(validateProfessional({ ...professional, headCount: -1, fte: '-1.00' }, false)))
      .toEqual(['NON_NEGATIVE:professional.headCount', 'NON_NEGATIVE:professional.fte']);
  });

  it('FTE_ABOVE_HEADCOUNT: full-time equivalents never exceed the head-count', () => {
    expect(rules(validateProfessional({ ...professional, headCount: 2, fte: '2.01' }, false))).toEqual(['FTE_ABOVE_HEADCOUNT:professional.fte']);
    expect(validateProfessional({ ...professional, headCount: 2, fte: '2.00' }, false)).toEqual([]);
    expect(rules(validateProfessional({ ...professional, headCount: 0, fte: '0.50' }, false))).toEqual(['FTE_ABOVE_HEADCOUNT:professional.fte']);
  });

  it('REF, MANDATORY and DUPLICATE on bodies, target users and fund rows', () => {
    expect(rules(validateService({ ...service, targetUsers: [] }, 2025, false))).toEqual(['REF:service.managingBodyCode', 'MANDATORY:service.targetUsers']);
    expect(rules(validateService({ ...service, targetUsers: ['ELDERLY', 'ELDERLY'] }, 2025, true))).toEqual(['DUPLICATE:service.targetUsers']);
    expect(rules(validateProfessional({ ...professional, employerKind: 'AMBITO_BODY' }, false))).toEqual(['MANDATORY:professional.employerBodyCode']);
    expect(rules(validateProfessional({ ...professional, employerBodyCode: 'NOPE' }, false))).toEqual(['REF:professional.employerBodyCode']);
    expect(rules(validateFundModule({
      fund: 'FNPS',
      amounts: [{ areaCode: 'FNA1', amount: '1.00' }, { areaCode: 'M1', amount: '1.00' }, { areaCode: 'M1', amount: '-1.00' }],
      beneficiaries: [{ sex: 'MALE', ageBand: 'AGE_0_17', count: 1 }, { sex: 'MALE', ageBand: 'AGE_0_17', count: -1 }],
    }))).toEqual(['REF:amounts[0].areaCode', 'DUPLICATE:amounts[2].areaCode', 'NON_NEGATIVE:amounts[2].amount', 'DUPLICATE:beneficiaries[1]', 'NON_NEGATIVE:beneficiaries[1].count']);
  });

  it('YEAR: from 2019 to the current year', () => {
    expect(validateYear(2019, 2026)).toEqual([]);
    expect(rules(validateYear(2018, 2026))).toEqual(['YEAR:year']);
    expect(rules(validateYear(2027, 2026))).toEqual(['YEAR:year']);
  });

  it('MANDATORY sections at finalisation', () => {
    expect(missingSections({ managementForm: 'SINGLE', hasLeadBody: true, services: 1, professionals: 1, funds: ['FNPS'] })).toEqual([]);
    expect(rules(missingSections({ managementForm: null, hasLeadBody: false, services: 0, professionals: 0, funds: ['FNA'] })))
      .toEqual(['MANDATORY:ambito.managementForm', 'MANDATORY:ambito.leadBody', 'MANDATORY:services', 'MANDATORY:professionals', 'MANDATORY:fundModules.FNPS']);
  });
});
