import { Writable } from 'node:stream';
import { memoryAuditSink, type MemoryAuditSink } from '@siuss/audit/writer';
import { createIseeServer, type MockServer } from '@siuss/mocks/isee-server';
import { createNsisServer } from '@siuss/mocks/nsis-server';
import { createLogger } from '@siuss/logging/logger';
import { isValidCodiceFiscale } from '@siuss/scalars/codice-fiscale';
import { serveApollo } from '@siuss/service/http';
import { anonymousViewer, type Viewer } from '@siuss/service/viewer';
import { testAuth } from '@siuss/testing/auth';
import type { GraphQLResult } from '@siuss/testing/subgraph-harness';
import { loadConfig, type RegistrySettings } from './config.ts';
import { createRegistriesServer } from './server.ts';

export type { GraphQLResult } from '@siuss/testing/subgraph-harness';

/** The registries subgraph in-process, in front of its two mock registries on free ports. */
export interface Harness {
  iseeMock: MockServer;
  nsisMock: MockServer;
  service: ReturnType<typeof createRegistriesServer>;
  /** The subgraph's /graphql URL when started with `serve: true`. */
  url: string | undefined;
  /** Every log line the service wrote (level debug), to check that no personal data is logged. */
  logs: string[];
  /** The audit entries the service recorded, in order. */
  audit: MemoryAuditSink;
  /** Runs an operation in-process, anonymously unless a viewer is given. */
  execute(query: string, variables?: Record<string, unknown>, viewer?: Viewer): Promise<GraphQLResult>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Overrides of the default (production) registry settings, e.g. short breaker timings. */
  isee?: Partial<RegistrySettings>;
  nsis?: Partial<RegistrySettings>;
  benefitsUrl?: string;
  /** The clock of the mocks and of the service. */
  now?: () => Date;
  /** Also serve the subgraph over HTTP on a free port (for a gateway in front of it). */
  serve?: boolean;
  /** The gateway's signing secret; the test file's (testAuth) by default. */
  hmacSecret?: string;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const mockClock = options.now ? { now: options.now } : {};
  const iseeMock = await createIseeServer(mockClock);
  const nsisMock = await createNsisServer(mockClock);
  const hmacSecret = options.hmacSecret ?? testAuth().hmacSecret;
  const config = loadConfig({ NODE_ENV: 'test', SIUSS_HMAC_SECRET: hmacSecret });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  const logger = createLogger({ name: 'registries-test', level: 'debug', destination });
  const audit = memoryAuditSink();
  const service = createRegistriesServer({
    audit: { sink: audit, requirePurpose: false },
    settings: {
      isee: { ...config.isee, url: iseeMock.url, ...options.isee },
      nsis: { ...config.nsis, url: nsisMock.url, ...options.nsis },
      benefits: { ...config.benefits, ...(options.benefitsUrl ? { url: options.benefitsUrl } : {}) },
      signature: config.signature,
    },
    logger,
    introspection: true,
    ...(options.now ? { now: options.now } : {}),
  });
  const http = options.serve
    ? await serveApollo({
        apollo: service.apollo,
        port: 0,
        gatewaySecret: hmacSecret,
        context: async ({ viewer }) => service.createContext(viewer),
        ready: async () => true,
        logger,
      })
    : undefined;
  if (!http) await service.apollo.start();
  return {
    iseeMock,
    nsisMock,
    service,
    url: http?.url,
    logs,
    audit,
    async execute(query, variables = {}, viewer = anonymousViewer()) {
      const response = await service.apollo.executeOperation({ query, variables }, { contextValue: service.createContext(viewer) });
      if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
      // Through JSON, as over the wire (DateTime values become ISO strings).
      return JSON.parse(JSON.stringify(response.body.singleResult)) as GraphQLResult;
    },
    async close() {
      if (http) await http.close();
      else await service.apollo.stop();
      await iseeMock.close();
      await nsisMock.close();
    },
  };
}

/** `_entities` for persons, as the gateway sends it. */
export const PERSONS = `query Persons($representations: [_Any!]!, $asOf: Date) {
  _entities(representations: $representations) {
    ... on Person {
      taxCode
      isee(asOf: $asOf) { dsuProtocol dsuYear presentationDate validUntil kind value isr isp ise equivalenceScale household { taxCode role } omissions discrepancies source fetchedAt }
      health {
        civilInvalidity { percentage accompanyingAllowance recognizedOn reviewDue }
        law104 { severe recognizedOn reviewDue }
        homeCare { kind startDate endDate accesses }
        residentialCare { setting facilityKind admissionDate dischargeDate }
        source fetchedAt
      }
    }
  }
}`;

/**
 * Person representations as the gateway sends them for the welfare position: the key and `access`
 * FULL, as the benefits subgraph computes it for a case worker whose ente took the person in charge.
 */
export const persons = (...taxCodes: string[]) => taxCodes.map((taxCode) => ({ __typename: 'Person', taxCode, access: 'FULL' }));

let invented = 0;

/**
 * A valid codice fiscale not used before in this test file (invented: XTS surname letters, check
 * character computed), so a test's registry reads cannot be served by another test's cache.
 */
export function freshTaxCode(): string {
  invented += 1;
  const letters = 'BCDFGHLMNPRSTVZ';
  const name = [Math.floor(invented / 225) % 15, Math.floor(invented / 15) % 15, invented % 15].map((i) => letters.charAt(i)).join('');
  const first15 = `XTS${name}70A01H501`;
  const check = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].find((letter) => isValidCodiceFiscale(first15 + letter));
  if (!check) throw new Error('could not invent a codice fiscale');
  return first15 + check;
}
