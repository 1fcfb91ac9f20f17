import { defineEntity, p } from '@mikro-orm/core';
import { CONTRACT_TYPES, EMPLOYER_KINDS, PROFESSIONS } from '../domain/codes.ts';
import { Declaration } from './Declaration.ts';
import { ImplementingBody } from './ImplementingBody.ts';

const DeclaredProfessionalSchema = defineEntity({
  name: 'DeclaredProfessional',
  tableName: 'declared_professional',
  properties: {
    id: p.uuid().primary(),
    declaration: () => p.manyToOne(Declaration).ref().index('declared_professional_declaration_idx'),
    profession: p.enum(PROFESSIONS).columnType('text'),
    headCount: p.integer(),
    fte: p.decimal().precision(8).scale(2),
    employerKind: p.enum(EMPLOYER_KINDS).columnType('text'),
    employerBody: () => p.manyToOne(ImplementingBody).ref().nullable(),
    contractType: p.enum(CONTRACT_TYPES).columnType('text'),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

export class DeclaredProfessional extends DeclaredProfessionalSchema.class {}
DeclaredProfessionalSchema.setClass(DeclaredProfessional);
