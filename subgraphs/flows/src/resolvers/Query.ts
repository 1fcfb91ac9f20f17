import { pageSize, toConnection } from '@siuss/service/connection';
import { isUuid } from '@siuss/xsd/lexical';
import { assertEnte, assertInps, assertScope, assertVisible } from '../access.ts';
import type { Context } from '../context.ts';
import { Flow } from '../entities/Flow.ts';
import { WaasEnte } from '../entities/WaasEnte.ts';
import { decodeFlowCursor, encodeFlowCursor } from './cursor.ts';

export const Query = {
  /** A flow of another ente is refused with FORBIDDEN, naming whose it is. */
  flow: async (_: unknown, { id }: { id: string }, { loaders, viewer }: Context) => {
    assertScope(viewer, 'flows:read', 'Reading a flow');
    const flow = isUuid(id) ? await loaders.flow.load(id.toLowerCase()) : null;
    if (flow) assertVisible(viewer, flow);
    return flow;
  },

  enteFlows: async (_: unknown, args: { enteCode: string; first?: number | null; after?: string | null }, { em, settings, viewer }: Context) => {
    assertScope(viewer, 'flows:read', 'Listing flows');
    assertEnte(viewer, args.enteCode, 'Listing flows');
    const first = pageSize(args.first, settings.maxPageSize);
    const after = args.after ? decodeFlowCursor(args.after) : null;
    const where = { enteCode: args.enteCode };
    const [flows, totalCount] = await Promise.all([
      em.find(Flow, after ? { ...where, $or: [{ receivedAt: { $lt: after.receivedAt } }, { receivedAt: after.receivedAt, id: { $lt: after.id } }] } : where, {
        orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
        limit: first + 1,
      }),
      em.count(Flow, where),
    ]);
    return toConnection(flows.slice(0, first), { totalCount, hasNextPage: flows.length > first, hasPreviousPage: after !== null }, encodeFlowCursor);
  },

  waasEntes: (_: unknown, __: unknown, { em, viewer }: Context) => {
    assertInps(viewer, 'Listing the WaaS entes');
    return em.find(WaasEnte, {}, { orderBy: { enteCode: 'asc' } });
  },
};
