import { defineEntity, p } from '@mikro-orm/core';
import { DECLARATION_STATUSES } from '../domain/codes.ts';
import { Ambito } from './Ambito.ts';

/** Who acted, as the hub knew them at the time. */
export interface StoredActor {
  operatorTaxCode: string | null;
  enteCode: string | null;
  roles: string[];
}

const DeclarationSchema = defineEntity({
  name: 'Declaration',
  tableName: 'declaration',
  properties: {
    id: p.uuid().primary(),
    ambito: () => p.manyToOne(Ambito).ref(),
    year: p.smallint(),
    status: p.enum(DECLARATION_STATUSES).columnType('text'),
    late: p.boolean().default(false),
    finalisedAt: p.datetime().nullable(),
    finalisedBy: p.json<StoredActor>().nullable(),
    reopenedAt: p.datetime().nullable(),
    reopenedBy: p.json<StoredActor>().nullable(),
    reopenReason: p.text().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  uniques: [{ name: 'declaration_ambito_year_unique', properties: ['ambito', 'year'] }],
});

export class Declaration extends DeclarationSchema.class {}
DeclarationSchema.setClass(Declaration);
