import { randomUUID } from 'node:crypto';
import { auditEntry, flowSubject, type AuditActor } from '@siuss/audit/entry';
import type { AuditRules } from '@siuss/audit/plugin';
import type { AuditSink } from '@siuss/audit/writer';
import type { Context } from './context.ts';

/**
 * What the flows subgraph audits: each flow submitted with `submitFlow`, as one write about the
 * flow (its per-record detail is in the flow's outcomes); its other mutations (WaaS registration
 * and polling) as writes of no subject. Flows received outside GraphQL are recorded by
 * `recordFlowReceived`.
 */
export const flowsAudit: AuditRules<Context> = {
  fields: {
    'Mutation.submitFlow': ({ result }) => {
      const id = (result as { flow?: { id?: unknown } } | null | undefined)?.flow?.id;
      return typeof id === 'string' ? flowSubject(id) : null;
    },
  },
};

/**
 * Records a flow received outside GraphQL, one entry per flow: an upload to `POST /flows` (by
 * `actor`; anonymous while the endpoint is not behind the gateway), or a flow the hub acquired from
 * an ente's WaaS API (the hub acting for INPS, the ente named). Waits for the entry to be written,
 * as a GraphQL write does.
 */
export async function recordFlowReceived(
  sink: AuditSink,
  received: { flowId: string; channel: 'upload' | 'waas'; enteCode?: string | null; actor?: AuditActor },
): Promise<void> {
  const actor: AuditActor = received.actor ?? (received.channel === 'waas'
    ? { authenticated: true, operatorTaxCode: null, enteCode: received.enteCode ?? null, roles: [], purpose: null }
    : { authenticated: false, operatorTaxCode: null, enteCode: null, roles: [], purpose: null });
  const endpoint = received.channel === 'upload' ? 'POST /flows' : 'WaaS GET /flussi';
  sink.append([auditEntry({
    actor,
    subgraph: 'flows',
    operationType: received.channel,
    operationName: endpoint,
    requestId: randomUUID(),
    action: 'WRITE',
    subject: flowSubject(received.flowId),
    fields: [endpoint],
  })]);
  await sink.flush();
}
