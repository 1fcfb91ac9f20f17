import { pageSize, toConnection } from '@siuss/service/connection';
import type { Context } from '../context.ts';
import type { Flow as FlowEntity } from '../entities/Flow.ts';
import type { EsitoCode } from '../entities/FlowRecord.ts';
import { failureEsito } from '../pipeline/outcome.ts';
import { decodeRecordCursor, encodeRecordCursor } from './cursor.ts';

export const Flow = {
  sizeBytes: (flow: FlowEntity) => Number(flow.sizeBytes),
  progress: (flow: FlowEntity) => {
    if (flow.state === 'DONE') return 1;
    return flow.totalRecords ? Math.min(1, flow.processedRecords / flow.totalRecords) : 0;
  },
  counts: (flow: FlowEntity) => ({
    ok: flow.okCount,
    richiestaInvalida: flow.invalidCount,
    datiNonTrovati: flow.notFoundCount,
    erroreGenerico: flow.errorCount,
    withWarnings: flow.warningCount,
  }),
  failure: (flow: FlowEntity) =>
    flow.failureCode ? { code: flow.failureCode, message: flow.failureMessage ?? '', esito: failureEsito(flow.failureCode) } : null,
  records: async (flow: FlowEntity, args: { first?: number | null; after?: string | null; esito?: EsitoCode[] | null }, { loaders, settings }: Context) => {
    const first = pageSize(args.first, settings.maxPageSize);
    const after = args.after ? decodeRecordCursor(args.after) : null;
    const page = await loaders.recordPage.load({ flowId: flow.id, first, after, esito: args.esito ?? null });
    return toConnection(page.records, { totalCount: page.totalCount, hasNextPage: page.hasNextPage, hasPreviousPage: after !== null }, (r) => encodeRecordCursor(r.recordIndex));
  },
  rejectedRecordsPath: (flow: FlowEntity) => `/flows/${flow.id}/rejected.csv`,
  waas: (flow: FlowEntity) =>
    flow.channel === 'WAAS' && flow.waasFlowId
      ? { flowId: flow.waasFlowId, type: flow.waasType, timestamp: flow.waasTimestamp, esitiDeliveredAt: flow.waasEsitiDeliveredAt, esitiAttempts: flow.waasEsitiAttempts }
      : null,
};

export const FlowRecord = {
  index: (record: { recordIndex: number }) => record.recordIndex,
};

export const WaasEnte = {
  watermark: (ente: { watermark: number }) => Number(ente.watermark),
  pendingEsiti: (ente: { enteCode: string }, _: unknown, { loaders }: Context) => loaders.pendingEsiti.load(ente.enteCode),
};
