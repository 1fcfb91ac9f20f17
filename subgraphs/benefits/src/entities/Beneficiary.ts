import { defineEntity, p } from '@mikro-orm/core';

export interface StoredResidence {
  nationCode: string;
  regionCode: string | null;
  comuneCode: string | null;
}

const BeneficiarySchema = defineEntity({
  name: 'Beneficiary',
  tableName: 'beneficiary',
  properties: {
    id: p.uuid().primary(),
    taxCode: p.string().length(16).unique(),
    surname: p.string().length(36),
    name: p.string().length(36),
    birthYear: p.smallint(),
    birthPlaceCode: p.string().length(4),
    sex: p.string().length(1),
    citizenship: p.string().length(3),
    secondCitizenship: p.string().length(3).nullable(),
    residences: p.json<StoredResidence[]>(),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});

export class Beneficiary extends BeneficiarySchema.class {}
BeneficiarySchema.setClass(Beneficiary);
