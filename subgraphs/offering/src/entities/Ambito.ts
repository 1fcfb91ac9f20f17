import { defineEntity, p } from '@mikro-orm/core';
import { MANAGEMENT_FORMS } from '../domain/codes.ts';
import { ImplementingBody } from './ImplementingBody.ts';

const AmbitoSchema = defineEntity({
  name: 'Ambito',
  tableName: 'ambito',
  properties: {
    code: p.string().length(20).primary(),
    name: p.string().length(200),
    regionCode: p.string().length(2),
    managementForm: p.enum(MANAGEMENT_FORMS).columnType('text').nullable(),
    leadBody: () => p.manyToOne(ImplementingBody).ref().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  indexes: [{ name: 'ambito_region_idx', properties: ['regionCode'] }],
});

export class Ambito extends AmbitoSchema.class {}
AmbitoSchema.setClass(Ambito);
