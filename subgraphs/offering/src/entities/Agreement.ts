import { defineEntity, p } from '@mikro-orm/core';
import { AGREEMENT_KINDS } from '../domain/codes.ts';
import { Ambito } from './Ambito.ts';

const AgreementSchema = defineEntity({
  name: 'Agreement',
  tableName: 'agreement',
  properties: {
    id: p.uuid().primary(),
    ambito: () => p.manyToOne(Ambito).ref().index('agreement_ambito_idx'),
    kind: p.enum(AGREEMENT_KINDS).columnType('text'),
    title: p.string().length(300),
    signedOn: p.date().nullable(),
    validTo: p.date().nullable(),
    /** Ids of the implementing bodies that are party to it. */
    partyBodyIds: p.json<string[]>(),
    createdAt: p.datetime(),
  },
});

export class Agreement extends AgreementSchema.class {}
AgreementSchema.setClass(Agreement);
