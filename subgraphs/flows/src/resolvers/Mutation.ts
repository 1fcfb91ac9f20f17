import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';
import { assertInps, assertScope, submitterOf } from '../access.ts';
import type { Context } from '../context.ts';
import type { FlowFormat } from '../entities/Flow.ts';
import { WaasEnte } from '../entities/WaasEnte.ts';
import { UploadTooLarge } from '../storage.ts';
import { checkCsvEnvelope, type CsvEnvelopeInput } from '../envelope.ts';

/** What a GraphQL request may carry inline; larger files go to POST /flows. */
const MAX_INLINE_BYTES = 8 * 1024 * 1024;

interface SubmitFlowInput {
  content: string;
  encoding?: 'TEXT' | 'BASE64' | null;
  format: FlowFormat;
  csvEnvelope?: CsvEnvelopeInput | null;
}

export const Mutation = {
  submitFlow: async (_: unknown, { input }: { input: SubmitFlowInput }, { flows, loaders, viewer }: Context) => {
    assertScope(viewer, 'flows:write', 'Sending a flow');
    const content = input.encoding === 'BASE64' ? Buffer.from(input.content, 'base64') : Buffer.from(input.content, 'utf8');
    if (content.length > MAX_INLINE_BYTES) {
      throw domainError(ErrorCode.BAD_USER_INPUT, `The file is ${Math.round(content.length / 1024 / 1024)} MB; send files over 8 MB to POST /flows (npm run flows -- submit <file>).`, { argument: 'content' });
    }
    const csvEnvelope = input.format === 'CSV' ? checkCsvEnvelope(input.csvEnvelope) : null;
    const submitter = submitterOf(viewer);
    if (csvEnvelope && submitter.enteCode !== null && csvEnvelope.ente.Codice !== submitter.enteCode) {
      throw domainError(ErrorCode.FORBIDDEN, `The CSV is declared as sent by ente ${csvEnvelope.ente.Codice}, but you act for ente ${submitter.enteCode}: an ente sends only its own records.`, { missing: `claim ente = ${csvEnvelope.ente.Codice}` });
    }
    try {
      const stored = await flows.submit([content], { format: input.format, csvEnvelope, submitter });
      return { flow: await loaders.flow.load(stored.flowId), created: stored.created };
    } catch (error) {
      if (error instanceof UploadTooLarge) throw domainError(ErrorCode.BAD_USER_INPUT, error.message, { argument: 'content' });
      throw error;
    }
  },

  registerWaasEnte: async (_: unknown, { input }: { input: { enteCode: string; baseUrl: string; enabled?: boolean | null } }, { flows, em, viewer }: Context) => {
    assertInps(viewer, 'Registering an ente for WaaS polling');
    await flows.registerWaasEnte({ enteCode: input.enteCode, baseUrl: input.baseUrl, enabled: input.enabled ?? true });
    return em.findOneOrFail(WaasEnte, { enteCode: input.enteCode.trim().toUpperCase() });
  },

  pollWaas: async (_: unknown, { enteCode }: { enteCode?: string | null }, { flows, em, viewer }: Context) => {
    assertInps(viewer, 'Polling the WaaS entes');
    const results = await flows.pollWaas(enteCode);
    return em.find(WaasEnte, { enteCode: { $in: results.map((r) => r.enteCode) } }, { orderBy: { enteCode: 'asc' }, refresh: true });
  },
};
