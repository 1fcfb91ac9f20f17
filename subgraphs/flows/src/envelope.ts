import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';
import type { FlowEnvelope } from '@siuss/xsd/flow-reader';

/** The envelope of a CSV upload as the GraphQL input and the HTTP endpoint's query string give it. */
export interface CsvEnvelopeInput {
  name: string;
  enteCode: string;
  enteName?: string | null;
  enteSeatCode: string;
  operatorTaxCode: string;
}

/**
 * The IdentificazioneFlusso of a CSV flow, which the CSV itself does not carry. BAD_USER_INPUT,
 * naming what is missing, when a part is absent; its values are checked against the XSD with the
 * file, as an XML envelope would be.
 */
export function checkCsvEnvelope(input: Partial<CsvEnvelopeInput> | null | undefined): FlowEnvelope & Record<string, unknown> {
  const missing = (['name', 'enteCode', 'enteSeatCode', 'operatorTaxCode'] as const).filter((key) => !input?.[key]?.trim());
  if (!input || missing.length > 0) {
    throw domainError(ErrorCode.BAD_USER_INPUT, `A CSV flow needs its envelope: ${missing.join(', ')} missing (the flow name, the ente code, the Belfiore code of its seat and the operator's codice fiscale).`, { argument: 'csvEnvelope', missing });
  }
  const ente: FlowEnvelope['ente'] = {
    Codice: (input.enteCode as string).trim(),
    Indirizzo: (input.enteSeatCode as string).trim().toUpperCase(),
    CFOperatore: (input.operatorTaxCode as string).trim().toUpperCase(),
    ...(input.enteName?.trim() ? { Denominazione: input.enteName.trim() } : {}),
  };
  return { name: (input.name as string).trim(), ente };
}
