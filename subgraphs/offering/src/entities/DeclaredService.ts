import { defineEntity, p } from '@mikro-orm/core';
import type { TargetUsers } from '../domain/codes.ts';
import { Declaration } from './Declaration.ts';
import { ImplementingBody } from './ImplementingBody.ts';

const DeclaredServiceSchema = defineEntity({
  name: 'DeclaredService',
  tableName: 'declared_service',
  properties: {
    id: p.uuid().primary(),
    declaration: () => p.manyToOne(Declaration).ref(),
    catalogueCode: p.string().length(10),
    managingBody: () => p.manyToOne(ImplementingBody).ref(),
    targetUsers: p.json<TargetUsers[]>(),
    capacity: p.integer().nullable(),
    usersServed: p.integer().nullable(),
    spending: p.decimal().precision(12).scale(2).nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  uniques: [{ name: 'declared_service_item_unique', properties: ['declaration', 'catalogueCode'] }],
});

export class DeclaredService extends DeclaredServiceSchema.class {}
DeclaredServiceSchema.setClass(DeclaredService);
