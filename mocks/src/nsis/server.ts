import { italianDate } from '../common/dates.ts';
import { type Behaviour, type InvalidParam, type MockServer, type Route, startMockServer } from '../common/http.ts';
import { batchParam, objectBody, rejectInvalid, taxCodeParam } from '../common/validation.ts';
import { healthRecord, type SchedaSanitaria } from './health.ts';

export type { Behaviour, MockServer } from '../common/http.ts';

export interface NsisServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  behaviour?: Partial<Behaviour>;
  /** The registry's clock: facts dated after its date are not there yet. */
  now?: () => Date;
}

/** The NSIS registry's REST routes (see mocks/README.md). */
export function nsisRoutes(today: () => string): Route[] {
  return [
    {
      method: 'POST',
      pattern: /^\/persone\/ricerca$/,
      name: 'ricerca',
      handle({ body }) {
        const input = objectBody(body, '{"codiciFiscali": ["SPSNNA41A69F839C"]}');
        const params: InvalidParam[] = [];
        const taxCodes = batchParam(input['codiciFiscali'], 'codiciFiscali', params).map((value, i) => taxCodeParam(value, `codiciFiscali[${i}]`, params));
        rejectInvalid(params);
        const now = today();
        return { esiti: taxCodes.map((taxCode) => healthRecord(taxCode, now)) };
      },
    },
    {
      method: 'GET',
      pattern: /^\/persone\/([^/]+)$/,
      name: 'persona',
      handle({ params: [taxCode] }): SchedaSanitaria {
        const params: InvalidParam[] = [];
        const value = taxCodeParam(taxCode, 'codiceFiscale', params);
        rejectInvalid(params);
        return healthRecord(value, today());
      },
    },
  ];
}

/**
 * Starts the NSIS mock registry (health facts relevant to social care, generated deterministically
 * from the codice fiscale) and resolves once it listens. Tests start it on a free port and steer it
 * with `setBehaviour`; `index.ts` runs it as the hub's NSIS registry.
 */
export function createNsisServer(options: NsisServerOptions = {}): Promise<MockServer> {
  const now = options.now ?? (() => new Date());
  return startMockServer({
    name: 'nsis',
    routes: nsisRoutes(() => italianDate(now())),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.behaviour ? { behaviour: options.behaviour } : {}),
  });
}
