import { defineEntity, p } from '@mikro-orm/core';
import type { Violation } from '@siuss/errors/errors';

export const ESITI = ['OK', 'RICHIESTA_INVALIDA', 'DATI_NON_TROVATI', 'ERRORE_GENERICO'] as const;
export type EsitoCode = (typeof ESITI)[number];

/** The outcome of one record of a flow: one row per PrestazioniSociali (PS) or SINBA element. */
const FlowRecordSchema = defineEntity({
  name: 'FlowRecord',
  tableName: 'flow_record',
  properties: {
    flowId: p.uuid().primary(),
    /** 0-based position of the record in the flow. */
    recordIndex: p.integer().primary(),
    /** Line of the record in the XML file, or CSV row number. */
    line: p.integer().nullable(),
    /** I (insert) or C (cancel). */
    operation: p.string().length(1),
    esito: p.enum(ESITI).columnType('text'),
    /** The hub id of the stored (or cancelled) record: id_acquisizione_siuss. */
    acquisitionId: p.uuid().nullable(),
    /** The SINA assessment stored with a PS record, if any. */
    sinaAssessmentId: p.uuid().nullable(),
    description: p.text(),
    violations: p.json<Violation[]>(),
  },
  indexes: [{ name: 'flow_record_esito_idx', properties: ['flowId', 'esito', 'recordIndex'] }],
});

export class FlowRecord extends FlowRecordSchema.class {}
FlowRecordSchema.setClass(FlowRecord);
