import { defineEntity, p } from '@mikro-orm/core';
import { Ambito } from './Ambito.ts';
import { ImplementingBody } from './ImplementingBody.ts';

/** An implementing body acting for an Ambito (the same body may act for several). */
const AmbitoBodySchema = defineEntity({
  name: 'AmbitoBody',
  tableName: 'ambito_body',
  properties: {
    id: p.uuid().primary(),
    ambito: () => p.manyToOne(Ambito).ref(),
    body: () => p.manyToOne(ImplementingBody).ref(),
  },
  uniques: [{ name: 'ambito_body_unique', properties: ['ambito', 'body'] }],
});

export class AmbitoBody extends AmbitoBodySchema.class {}
AmbitoBodySchema.setClass(AmbitoBody);
