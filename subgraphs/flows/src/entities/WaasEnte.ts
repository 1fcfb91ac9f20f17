import { defineEntity, p } from '@mikro-orm/core';

/** An ente whose WaaS API (api-comuni v2.0.1) the hub polls, with its watermark. */
const WaasEnteSchema = defineEntity({
  name: 'WaasEnte',
  tableName: 'waas_ente',
  properties: {
    /** codice_ente, a Belfiore code (^[A-Z][0-9]{3}$). */
    enteCode: p.string().length(4).primary(),
    /** Base URL of the ente's API, e.g. https://comune.example/waas/v1. */
    baseUrl: p.string().length(500),
    enabled: p.boolean().default(true),
    /** `since` of the next GET /flussi: ts_flusso in ms of the last flow acquired and answered. */
    watermark: p.bigint('number').default(0),
    lastPollAt: p.datetime().nullable(),
    lastError: p.text().nullable(),
    /** Consecutive failed polls; drives the backoff. */
    failures: p.integer().default(0),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});

export class WaasEnte extends WaasEnteSchema.class {}
WaasEnteSchema.setClass(WaasEnte);
