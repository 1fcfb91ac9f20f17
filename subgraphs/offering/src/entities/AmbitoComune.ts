import { defineEntity, p } from '@mikro-orm/core';
import { Ambito } from './Ambito.ts';

/** Membership of a Comune in an Ambito; the ISTAT code is the key, so a Comune has one Ambito. */
const AmbitoComuneSchema = defineEntity({
  name: 'AmbitoComune',
  tableName: 'ambito_comune',
  properties: {
    istatCode: p.string().length(6).primary(),
    belfioreCode: p.string().length(4),
    ambito: () => p.manyToOne(Ambito).ref().index('ambito_comune_ambito_idx'),
  },
});

export class AmbitoComune extends AmbitoComuneSchema.class {}
AmbitoComuneSchema.setClass(AmbitoComune);
