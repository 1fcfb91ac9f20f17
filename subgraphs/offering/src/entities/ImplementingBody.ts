import { defineEntity, p } from '@mikro-orm/core';
import { BODY_KINDS } from '../domain/codes.ts';

const ImplementingBodySchema = defineEntity({
  name: 'ImplementingBody',
  tableName: 'implementing_body',
  properties: {
    id: p.uuid().primary(),
    code: p.string().length(32).unique(),
    name: p.string().length(200),
    kind: p.enum(BODY_KINDS).columnType('text'),
    createdAt: p.datetime(),
  },
});

export class ImplementingBody extends ImplementingBodySchema.class {}
ImplementingBodySchema.setClass(ImplementingBody);
