import { italianDate } from '../common/dates.ts';
import { type Behaviour, type InvalidParam, type MockServer, Problem, type Route, startMockServer } from '../common/http.ts';
import { batchParam, dateParam, objectBody, rejectInvalid, taxCodeParam } from '../common/validation.ts';
import { type Attestazione, byProtocol, DSU_PROTOCOL, validOn } from './attestations.ts';

export type { Behaviour, MockServer } from '../common/http.ts';

export interface IseeServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  behaviour?: Partial<Behaviour>;
  /** The registry's clock: DSUs presented after its date do not exist yet. */
  now?: () => Date;
}

function protocolParam(value: unknown, name: string, params: InvalidParam[]): string {
  if (typeof value === 'string' && DSU_PROTOCOL.test(value)) return value;
  params.push({ name, reason: 'a DSU protocol INPS-ISEE-YYYY-NNNNNNNNX-NN' });
  return '';
}

function notFound(detail: string): Problem {
  return new Problem(404, 'Attestazione non trovata', detail, { type: '/problems/attestazione-non-trovata' });
}

/** The ISEE registry's REST routes (see mocks/README.md). */
export function iseeRoutes(today: () => string): Route[] {
  return [
    {
      method: 'POST',
      pattern: /^\/attestazioni\/ricerca$/,
      name: 'ricerca',
      handle({ body }) {
        const input = objectBody(body, '{"dataValidita": "2025-06-01", "codiciFiscali": ["RSSMRA80C15H501M"]}');
        const params: InvalidParam[] = [];
        const date = dateParam(input['dataValidita'], 'dataValidita', today(), params);
        const taxCodes = batchParam(input['codiciFiscali'], 'codiciFiscali', params).map((value, i) => taxCodeParam(value, `codiciFiscali[${i}]`, params));
        rejectInvalid(params);
        const now = today();
        return { dataValidita: date, esiti: taxCodes.map((taxCode) => ({ codiceFiscale: taxCode, attestazione: validOn(taxCode, date, now) })) };
      },
    },
    {
      method: 'POST',
      pattern: /^\/attestazioni\/ricerca-per-protocollo$/,
      name: 'ricerca-per-protocollo',
      handle({ body }) {
        const input = objectBody(body, '{"richieste": [{"protocolloDsu": "INPS-ISEE-2025-24936789O-00", "codiceFiscale": "RSSMRA80C15H501M"}]}');
        const params: InvalidParam[] = [];
        const requests = batchParam(input['richieste'], 'richieste', params).map((item, i) => {
          const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
          return {
            protocolloDsu: protocolParam(entry['protocolloDsu'], `richieste[${i}].protocolloDsu`, params),
            codiceFiscale: taxCodeParam(entry['codiceFiscale'], `richieste[${i}].codiceFiscale`, params),
          };
        });
        rejectInvalid(params);
        const now = today();
        return { esiti: requests.map((request) => ({ ...request, attestazione: byProtocol(request.protocolloDsu, request.codiceFiscale, now) })) };
      },
    },
    {
      method: 'GET',
      pattern: /^\/attestazioni$/,
      name: 'attestazione-valida',
      handle({ query }): Attestazione {
        const params: InvalidParam[] = [];
        const taxCode = taxCodeParam(query.get('codiceFiscale'), 'codiceFiscale', params);
        const date = dateParam(query.get('dataValidita') ?? undefined, 'dataValidita', today(), params);
        rejectInvalid(params);
        const attestation = validOn(taxCode, date, today());
        if (!attestation) throw notFound('Nessuna attestazione ISEE valida alla data indicata per il codice fiscale indicato.');
        return attestation;
      },
    },
    {
      method: 'GET',
      pattern: /^\/attestazioni\/([^/]+)$/,
      name: 'attestazione-per-protocollo',
      handle({ params: [protocol], query }): Attestazione {
        const params: InvalidParam[] = [];
        protocolParam(protocol, 'protocollo', params);
        const taxCode = taxCodeParam(query.get('codiceFiscale'), 'codiceFiscale', params);
        rejectInvalid(params);
        const attestation = byProtocol(protocol ?? '', taxCode, today());
        if (!attestation) throw notFound('Nessuna attestazione ISEE con questo protocollo DSU per un nucleo che comprenda il codice fiscale indicato.');
        return attestation;
      },
    },
  ];
}

/**
 * Starts the ISEE mock registry (INPS ISEE attestations, generated deterministically from the
 * codice fiscale) and resolves once it listens. Tests start it on a free port and steer it with
 * `setBehaviour`; `index.ts` runs it as the hub's ISEE registry.
 */
export function createIseeServer(options: IseeServerOptions = {}): Promise<MockServer> {
  const now = options.now ?? (() => new Date());
  return startMockServer({
    name: 'isee',
    routes: iseeRoutes(() => italianDate(now())),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.behaviour ? { behaviour: options.behaviour } : {}),
  });
}
