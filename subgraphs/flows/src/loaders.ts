import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Flow } from './entities/Flow.ts';
import { FlowRecord, type EsitoCode } from './entities/FlowRecord.ts';

export interface RecordPageRequest {
  flowId: string;
  first: number;
  /** recordIndex of the last record already seen. */
  after: number | null;
  esito: EsitoCode[] | null;
}

export interface RecordPage {
  records: FlowRecord[];
  totalCount: number;
  hasNextPage: boolean;
}

const pageKey = (r: RecordPageRequest): string => JSON.stringify([r.flowId, r.first, r.after, r.esito]);

/** The per-request DataLoaders of the flows subgraph. */
export function createLoaders(em: EntityManager) {
  return {
    flow: new DataLoader<string, Flow | null>(async (ids) => {
      const flows = await em.find(Flow, { id: { $in: [...ids] } });
      const byId = new Map(flows.map((f) => [f.id, f]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** The record pages asked in one request (usually one flow's): each a keyset page and its count. */
    recordPage: new DataLoader<RecordPageRequest, RecordPage, string>(async (requests) => {
      const results: RecordPage[] = [];
      for (const request of requests) {
        const where = {
          flowId: request.flowId,
          ...(request.after !== null ? { recordIndex: { $gt: request.after } } : {}),
          ...(request.esito?.length ? { esito: { $in: request.esito } } : {}),
        };
        const [records, totalCount] = await Promise.all([
          em.find(FlowRecord, where, { orderBy: { recordIndex: 'asc' }, limit: request.first + 1 }),
          em.count(FlowRecord, { flowId: request.flowId, ...(request.esito?.length ? { esito: { $in: request.esito } } : {}) }),
        ]);
        results.push({ records: records.slice(0, request.first), totalCount, hasNextPage: records.length > request.first });
      }
      return results;
    }, { cacheKeyFn: pageKey }),
    pendingEsiti: new DataLoader<string, number>(async (enteCodes) => {
      const rows: Array<{ ente_code: string; pending: string }> = await em.getConnection().execute(
        `select ente_code, count(*) as pending from flows.flow where channel = 'WAAS' and waas_esiti_delivered_at is null and ente_code in (?) group by ente_code`,
        [[...enteCodes]],
      );
      const byCode = new Map(rows.map((r) => [r.ente_code, Number(r.pending)]));
      return enteCodes.map((code) => byCode.get(code) ?? 0);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
