import { defineEntity, p } from '@mikro-orm/core';

export const FLOW_STATES = ['RECEIVED', 'VALIDATING', 'STORING', 'DONE', 'FAILED'] as const;
export type FlowState = (typeof FLOW_STATES)[number];
export const FLOW_KINDS = ['PS', 'SINBA'] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];
export const FLOW_FORMATS = ['XML', 'CSV'] as const;
export type FlowFormat = (typeof FLOW_FORMATS)[number];
export const FLOW_CHANNELS = ['FILE_UPLOAD', 'WAAS'] as const;
export type FlowChannel = (typeof FLOW_CHANNELS)[number];

const FlowSchema = defineEntity({
  name: 'Flow',
  tableName: 'flow',
  properties: {
    id: p.uuid().primary(),
    /** IdentificazioneFlusso@Nome (XML) or the name given with a CSV upload. Null until the file is scanned. */
    name: p.string().length(50).nullable(),
    /** The ente that sent it: Ente@Codice, or the WaaS ente polled. Null until the file is scanned. */
    enteCode: p.string().length(32).nullable(),
    kind: p.enum(FLOW_KINDS).columnType('text').nullable(),
    format: p.enum(FLOW_FORMATS).columnType('text'),
    channel: p.enum(FLOW_CHANNELS).columnType('text'),
    state: p.enum(FLOW_STATES).columnType('text').default('RECEIVED'),
    /** sha256 of the file as received, to tell a re-submission from a different file with the same name. */
    contentHash: p.string().length(64),
    sizeBytes: p.bigint('number'),
    /** IdentificazioneFlusso: given with a CSV upload, read from the file for XML (null until scanned). */
    envelope: p.json<Record<string, unknown>>().nullable(),
    totalRecords: p.integer().nullable(),
    /** Records whose outcome is committed; a resumed job starts after them. */
    processedRecords: p.integer().default(0),
    okCount: p.integer().default(0),
    invalidCount: p.integer().default(0),
    notFoundCount: p.integer().default(0),
    errorCount: p.integer().default(0),
    warningCount: p.integer().default(0),
    failureCode: p.string().length(40).nullable(),
    failureMessage: p.text().nullable(),
    attempts: p.integer().default(0),
    /** WaaS: id_flusso, tipo and ts_flusso of the flow as the ente's API listed it. */
    waasFlowId: p.string().length(64).nullable(),
    waasType: p.string().length(20).nullable(),
    waasTimestamp: p.datetime().nullable(),
    /** WaaS: when POST /esiti accepted this flow's outcomes; null while they are still to deliver. */
    waasEsitiDeliveredAt: p.datetime().nullable(),
    waasEsitiAttempts: p.integer().default(0),
    /** Codice fiscale of the operator who sent it (null for WaaS: the hub acquired it). */
    submittedBy: p.string().length(16).nullable(),
    /** The ente the sender acts for; the flow may only carry that ente's records (null: INPS, or WaaS). */
    submitterEnte: p.string().length(32).nullable(),
    /** The sender's scopes: a SINBA flow needs sinba:write besides flows:write (null for WaaS). */
    submitterScopes: p.json<string[]>().nullable(),
    receivedAt: p.datetime().defaultRaw('now()'),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [
    { name: 'flow_ente_received_idx', properties: ['enteCode', 'receivedAt'] },
    { name: 'flow_name_idx', properties: ['enteCode', 'name'] },
  ],
  uniques: [{ name: 'flow_waas_unique', properties: ['enteCode', 'waasFlowId'] }],
});

export class Flow extends FlowSchema.class {}
FlowSchema.setClass(Flow);
