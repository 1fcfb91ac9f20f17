import { defineEntity, p } from '@mikro-orm/core';
import { FUNDS, type AgeBand, type Sex } from '../domain/codes.ts';
import { Declaration } from './Declaration.ts';

export interface StoredFundAmount {
  areaCode: string;
  /** Canonical two-decimal string. */
  amount: string;
}

export interface StoredBeneficiaryCount {
  sex: Sex;
  ageBand: AgeBand;
  count: number;
}

const FundModuleSchema = defineEntity({
  name: 'FundModule',
  tableName: 'fund_module',
  properties: {
    id: p.uuid().primary(),
    declaration: () => p.manyToOne(Declaration).ref(),
    fund: p.enum(FUNDS).columnType('text'),
    amounts: p.json<StoredFundAmount[]>(),
    beneficiaries: p.json<StoredBeneficiaryCount[]>(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  uniques: [{ name: 'fund_module_fund_unique', properties: ['declaration', 'fund'] }],
});

export class FundModule extends FundModuleSchema.class {}
FundModuleSchema.setClass(FundModule);
