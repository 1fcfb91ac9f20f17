import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';
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
  submitFlow: async (_: unknown, { input }: { input: SubmitFlowInput }, { flows, loaders }: Context) => {
    const content = input.encoding === 'BASE64' ? Buffer.from(input.content, 'base64') : Buffer.from(input.content, 'utf8');
    if (content.length > MAX_INLINE_BYTES) {
      throw domainError(ErrorCode.BAD_USER_INPUT, `The file is ${Math.round(content.length / 1024 / 1024)} MB; send files over 8 MB to POST /flows (npm run flows -- submit <file>).`, { argument: 'content' });
    }
    const csvEnvelope = input.format === 'CSV' ? checkCsvEnvelope(input.csvEnvelope) : null;
    try {
      const stored = await flows.submit([content], { format: input.format, csvEnvelope });
      return { flow: await loaders.flow.load(stored.flowId), created: stored.created };
    } catch (error) {
      if (error instanceof UploadTooLarge) throw domainError(ErrorCode.BAD_USER_INPUT, error.message, { argument: 'content' });
      throw error;
    }
  },

  registerWaasEnte: async (_: unknown, { input }: { input: { enteCode: string; baseUrl: string; enabled?: boolean | null } }, { flows, em }: Context) => {
    await flows.registerWaasEnte({ enteCode: input.enteCode, baseUrl: input.baseUrl, enabled: input.enabled ?? true });
    return em.findOneOrFail(WaasEnte, { enteCode: input.enteCode.trim().toUpperCase() });
  },

  pollWaas: async (_: unknown, { enteCode }: { enteCode?: string | null }, { flows, em }: Context) => {
    const results = await flows.pollWaas(enteCode);
    return em.find(WaasEnte, { enteCode: { $in: results.map((r) => r.enteCode) } }, { orderBy: { enteCode: 'asc' }, refresh: true });
  },
};
