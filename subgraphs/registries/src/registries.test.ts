import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { roleViewer } from '@siuss/testing/auth';
import { freshTaxCode, PERSONS, persons, startHarness, type Harness } from './testing.ts';

// The adapter in-process (as the gateway calls it: `_entities`), in front of the real mock
// registries over HTTP. The registry settings are the production defaults unless a test says so.

const CLOCK = () => new Date('2026-11-22T10:00:00Z');
const ROSSI = 'RSSMRA80C15H501M';
const BIANCHI = 'BNCGLI75S42F205Y';
const ROMANO = 'RMNGPP41R19L219M';
const PERSONAL = [ROSSI, BIANCHI, ROMANO, 'RSSMRA80C15H501', 'ISEE-2025-24936789O'];

const BENEFITS = `query Benefits($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Benefit {
      id
      isee { dsuProtocol presentationDate validUntil kind }
      iseeCheck { status checkedDate problems { problem detail } attestation { dsuProtocol } }
    }
  }
}`;

function benefit(id: string, fields: { taxCode?: string; meansTest?: string; dsu?: { number: string; year: number; date: string } | null; startDate?: string | null; paymentDate?: string | null }) {
  return {
    __typename: 'Benefit',
    id,
    person: { taxCode: fields.taxCode ?? ROSSI },
    meansTest: fields.meansTest ?? 'ISEE',
    dsu: fields.dsu === undefined ? null : fields.dsu,
    startDate: fields.startDate ?? null,
    paymentDate: fields.paymentDate ?? null,
    eventDate: null,
  };
}

function expectNoPersonalDataIn(logs: string[]): void {
  const text = logs.join('\n');
  for (const secret of PERSONAL) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/invalidit|percentage|\bRSA\b/i);
}

describe('the registries adapter', () => {
  let hub: Harness;

  beforeAll(async () => {
    hub = await startHarness({ now: CLOCK });
  });

  beforeEach(() => {
    hub.iseeMock.setBehaviour({ latencyMs: 0, errorRate: 0, outage: false });
    hub.nsisMock.setBehaviour({ latencyMs: 0, errorRate: 0, outage: false });
    hub.iseeMock.resetCounters();
    hub.nsisMock.resetCounters();
  });

  afterAll(async () => {
    await hub?.close();
  });

  it("serves a person's ISEE attestation and health facts, saying where they came from and when", async () => {
    const result = await hub.execute(PERSONS, { representations: persons(ROSSI, ROMANO), asOf: '2025-06-01' });
    expect(result.errors).toBeUndefined();
    const [rossi, romano] = result.data?.['_entities'] as any[];
    expect(rossi.isee).toMatchObject({
      dsuProtocol: 'INPS-ISEE-2025-24936789O-00',
      dsuYear: 2025,
      presentationDate: '2025-04-18',
      validUntil: '2025-12-31',
      kind: 'ORDINARIO',
      household: expect.arrayContaining([{ taxCode: ROSSI, role: 'DICHIARANTE' }]),
      source: `INPS ISEE at 127.0.0.1:${hub.iseeMock.port}`,
      fetchedAt: '2026-11-22T10:00:00.000Z',
    });
    const attestation = await (await fetch(`${hub.iseeMock.url}/attestazioni?codiceFiscale=${ROSSI}&dataValidita=2025-06-01`)).json() as any;
    expect(rossi.isee.value).toBe(attestation.valoreIsee);
    expect(rossi.isee.equivalenceScale).toBe(attestation.scalaEquivalenza);
    expect(romano.health).toEqual({
      civilInvalidity: { percentage: 100, accompanyingAllowance: true, recognizedOn: '2020-11-12', reviewDue: null },
      law104: { severe: true, recognizedOn: '2020-12-05', reviewDue: null },
      homeCare: [
        { kind: 'PALLIATIVE', startDate: '2022-07-17', endDate: '2023-03-17', accesses: 160 },
        { kind: 'ADI_LEVEL_2', startDate: '2021-01-17', endDate: '2021-10-17', accesses: 72 },
      ],
      residentialCare: [{ setting: 'RESIDENTIAL', facilityKind: 'RSA', admissionDate: '2024-06-17', dischargeDate: '2026-07-17' }],
      source: `NSIS at 127.0.0.1:${hub.nsisMock.port}`,
      fetchedAt: '2026-11-22T10:00:00.000Z',
    });
    expect(rossi.health).toMatchObject({ civilInvalidity: null, law104: null, homeCare: [], residentialCare: [] });
  });

  it('serves ISEE and health only for the complete position the gateway brings from benefits, asking no registry otherwise', async () => {
    const ente = [{ __typename: 'Person', taxCode: ROSSI, access: 'ENTE' }];
    const none = [{ __typename: 'Person', taxCode: ROMANO }];
    for (const representations of [ente, none]) {
      const result = await hub.execute(PERSONS, { representations, asOf: '2025-06-01' }, roleViewer('ENTE_OPERATOR'));
      expect((result.errors ?? []).map((error) => [error.path?.join('.'), error.extensions?.['code']])).toEqual([['_entities.0.isee', 'FORBIDDEN'], ['_entities.0.health', 'FORBIDDEN']]);
      expect(result.errors?.[0]?.message).toMatch(/part of the complete position, which is for INPS_ADMIN or a CASE_WORKER whose ente took the person in charge/);
    }
    expect(hub.iseeMock.requestsByRoute()).toEqual({});
    expect(hub.nsisMock.requestsByRoute()).toEqual({});
  });

  it('batches: one registry call per registry for many persons, one ISEE call per date', async () => {
    const taxCodes = ['RSSMRA80C15H501M', 'BNCGLI75S42F205Y', 'SPSNNA41A69F839C', 'RSSLCU15A11F839Z', 'RMNGPP41R19L219M', 'FRRLNE90L44L219T'];
    const result = await hub.execute(PERSONS, { representations: persons(...taxCodes), asOf: '2024-03-01' });
    expect(result.errors).toBeUndefined();
    expect(hub.iseeMock.requestsByRoute()).toEqual({ ricerca: 1 });
    expect(hub.nsisMock.requestsByRoute()).toEqual({ ricerca: 1 });

    const twoDates = await hub.execute(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { a: isee(asOf: "2023-03-01") { dsuProtocol } b: isee(asOf: "2023-10-01") { dsuProtocol } } } }`, { r: persons(...taxCodes) });
    expect(twoDates.errors).toBeUndefined();
    expect(hub.iseeMock.requestsByRoute()).toEqual({ ricerca: 3 });
  });

  it('caches across requests: repeated reads call each registry once, and keep the first fetchedAt', async () => {
    const variables = { representations: persons('RSSMRK66C14H501U', ROSSI), asOf: '2025-07-01' };
    const first = await hub.execute(PERSONS, variables);
    const second = await hub.execute(PERSONS, variables);
    expect(first.errors).toBeUndefined();
    expect(second.data).toEqual(first.data);
    expect(hub.iseeMock.requests).toBe(1);
    expect(hub.nsisMock.requests).toBe(1);
  });

  it('keeps "no attestation" answers only briefly, found ones until they expire', async () => {
    let now = Date.parse('2026-11-22T10:00:00Z');
    const clocked = await startHarness({ now: () => new Date(now) });
    try {
      const none = persons('01114601006');
      const found = persons(ROSSI);
      await clocked.execute(PERSONS, { representations: [...none, ...found], asOf: '2025-06-01' });
      expect(clocked.iseeMock.requests).toBe(1);
      now += 2 * 60_000; // past the 60 s "none" TTL, within the attestation's cache life
      await clocked.execute(PERSONS, { representations: found, asOf: '2025-06-01' });
      expect(clocked.iseeMock.requests).toBe(1);
      expect(clocked.nsisMock.requests).toBe(1);
      await clocked.execute(PERSONS, { representations: none, asOf: '2025-06-01' });
      expect(clocked.iseeMock.requests).toBe(2);
      expect(clocked.nsisMock.requests).toBe(2);
      // NSIS facts are cached for five minutes only.
      now += 6 * 60_000;
      await clocked.execute(PERSONS, { representations: found, asOf: '2025-06-01' });
      expect(clocked.iseeMock.requests).toBe(2);
      expect(clocked.nsisMock.requests).toBe(3);
    } finally {
      await clocked.close();
    }
  });

  it('keeps a current attestation no longer than its validity', async () => {
    // 21:00 in Rome on 31 December 2025: ROSSI's 2025 attestation is valid until the end of the day.
    let now = Date.parse('2025-12-31T20:00:00Z');
    const clocked = await startHarness({ now: () => new Date(now) });
    try {
      const read = async () => {
        const result = await clocked.execute(PERSONS, { representations: persons(ROSSI), asOf: '2025-12-01' });
        expect(result.errors).toBeUndefined();
        return (result.data?.['_entities'] as any[])[0].isee;
      };
      expect(await read()).toMatchObject({ dsuProtocol: 'INPS-ISEE-2025-24936789O-00', validUntil: '2025-12-31' });
      now += 2 * 3600_000; // 23:00 in Rome: still valid, served from the cache
      await read();
      expect(clocked.iseeMock.requests).toBe(1);
      now += 3600_000 + 60_000; // 00:01 in Rome on 1 January: the cached entry has expired
      expect(await read()).toMatchObject({ dsuProtocol: 'INPS-ISEE-2025-24936789O-00' });
      expect(clocked.iseeMock.requests).toBe(2);
    } finally {
      await clocked.close();
    }
  });

  it('resolves Benefit.isee from the DSU protocol and checks ISEE consistency', async () => {
    const dsu = (number: string, date: string) => ({ number, year: Number(number.slice(10, 14)), date });
    const representations = [
      benefit('consistent', { dsu: dsu('INPS-ISEE-2025-24936789O-00', '2025-04-18'), startDate: '2025-05-01' }),
      benefit('unknown', { dsu: dsu('INPS-ISEE-2025-99999999Z-00', '2025-04-18'), startDate: '2025-05-01' }),
      benefit('expired', { taxCode: BIANCHI, dsu: dsu('INPS-ISEE-2024-07343193J-00', '2024-03-31'), startDate: '2025-01-01' }),
      benefit('missing', { startDate: '2025-05-01' }),
      benefit('date-mismatch', { dsu: dsu('INPS-ISEE-2024-91740509N-00', '2024-01-12'), paymentDate: '2024-09-16' }),
      benefit('not-tested', { meansTest: 'NONE', paymentDate: '2025-06-12' }),
      benefit('bad-format', { dsu: dsu('PROT-12', '2025-01-20'), startDate: '2025-02-01' }),
    ];
    const result = await hub.execute(BENEFITS, { representations });
    expect(result.errors).toBeUndefined();
    const byId = Object.fromEntries((result.data?.['_entities'] as any[]).map((entity) => [entity.id, entity]));
    expect(byId['consistent']).toMatchObject({
      isee: { dsuProtocol: 'INPS-ISEE-2025-24936789O-00', kind: 'ORDINARIO' },
      iseeCheck: { status: 'CONSISTENT', checkedDate: '2025-05-01', problems: [], attestation: { dsuProtocol: 'INPS-ISEE-2025-24936789O-00' } },
    });
    expect(byId['unknown']).toMatchObject({ isee: null, iseeCheck: { status: 'INCONSISTENT', problems: [{ problem: 'UNKNOWN_DSU' }] } });
    expect(byId['expired'].iseeCheck).toMatchObject({
      status: 'INCONSISTENT',
      problems: [{ problem: 'NOT_VALID_ON_BENEFIT_DATE', detail: 'The attestation is valid from 2024-03-31 to 2024-12-31; the benefit date is 2025-01-01.' }],
    });
    expect(byId['missing']).toMatchObject({ isee: null, iseeCheck: { status: 'INCONSISTENT', problems: [{ problem: 'MISSING_DSU' }] } });
    expect(byId['date-mismatch'].iseeCheck.problems).toEqual([
      { problem: 'DSU_DATE_MISMATCH', detail: 'DataDSU is 2024-01-12; the ISEE registry has the DSU presented on 2024-01-11.' },
    ]);
    expect(byId['not-tested']).toMatchObject({ isee: null, iseeCheck: { status: 'NOT_APPLICABLE', checkedDate: '2025-06-12', problems: [] } });
    expect(byId['bad-format'].iseeCheck.problems[0].problem).toBe('UNKNOWN_DSU');
    // Both fields of every benefit: one batched registry call.
    expect(hub.iseeMock.requestsByRoute()).toEqual({ 'ricerca-per-protocollo': 1 });
  });

  it('finds an attestation by DSU protocol for a household member, in the complete position only', async () => {
    const query = `query($r: [_Any!]!, $p: String!) { _entities(representations: $r) { ... on Person { iseeAttestation(dsuProtocol: $p) { dsuProtocol kind household { role } } } } }`;
    const person = (taxCode: string, access = 'FULL') => [{ __typename: 'Person', taxCode, access }];
    const found = await hub.execute(query, { r: person('RSSLCU15A11F839Z'), p: 'INPS-ISEE-2025-81260112V-00' });
    expect(found.data?.['_entities']).toEqual([{ iseeAttestation: expect.objectContaining({ dsuProtocol: 'INPS-ISEE-2025-81260112V-00', kind: 'MINORENNI' }) }]);
    expect(found.errors).toBeUndefined();
    const stranger = await hub.execute(query, { r: person(ROSSI), p: 'INPS-ISEE-2025-81260112V-00' });
    expect(stranger.data?.['_entities']).toEqual([{ iseeAttestation: null }]);
    // Naming a household member is not enough: the operator must see the person's complete position.
    const ente = await hub.execute(query, { r: person('RSSLCU15A11F839Z', 'ENTE'), p: 'INPS-ISEE-2025-81260112V-00' }, roleViewer('ENTE_OPERATOR'));
    expect(ente.errors?.map((error) => [error.path?.join('.'), error.extensions?.['code']])).toEqual([['_entities.0.iseeAttestation', 'FORBIDDEN']]);
    const malformed = await hub.execute(query, { r: person(ROSSI), p: 'ISEE-1' });
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'dsuProtocol' });
  });

  it('serves the rest when ISEE is down: isee null with REGISTRY_UNAVAILABLE, quickly', async () => {
    hub.iseeMock.setBehaviour({ outage: true });
    const started = performance.now();
    const result = await hub.execute(PERSONS, { representations: persons('SPSNNA41A69F839C', 'RSSMRK66C14H501U'), asOf: '2024-02-02' });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(result.errors).toHaveLength(2);
    expect(result.errors?.[0]).toMatchObject({ path: ['_entities', 0, 'isee'], extensions: { code: 'REGISTRY_UNAVAILABLE', registry: 'ISEE' } });
    const [anna] = result.data?.['_entities'] as any[];
    expect(anna.isee).toBeNull();
    expect(anna.health.homeCare[0]).toMatchObject({ kind: 'ADI_LEVEL_2', startDate: '2024-11-19' });
    // Network errors are retried (twice by default) before giving up.
    expect(hub.iseeMock.requests).toBe(3);
    expectNoPersonalDataIn(hub.logs);
  });

  it('serves the rest when NSIS answers 503: health null with REGISTRY_UNAVAILABLE, cached facts still served', async () => {
    hub.nsisMock.setBehaviour({ errorRate: 1 });
    // ROMANO's health facts were read by the first test and are still cached.
    const result = await hub.execute(PERSONS, { representations: persons(freshTaxCode(), ROMANO), asOf: '2024-12-01' });
    expect(result.errors).toEqual([expect.objectContaining({ path: ['_entities', 0, 'health'], extensions: { code: 'REGISTRY_UNAVAILABLE', registry: 'NSIS' } })]);
    const [stranger, romano] = result.data?.['_entities'] as any[];
    expect(stranger.health).toBeNull();
    expect(romano.isee.dsuProtocol).toBe('INPS-ISEE-2024-16239258P-00');
    expect(romano.health.residentialCare[0].facilityKind).toBe('RSA');
    expect(hub.nsisMock.requests).toBe(3);
  });

  it('gives up on a slow registry within a bounded time: REGISTRY_TIMEOUT, no retry, the rest served', async () => {
    hub.nsisMock.setBehaviour({ latencyMs: 10_000 });
    const started = performance.now();
    const result = await hub.execute(PERSONS, { representations: persons(ROSSI, freshTaxCode()), asOf: '2025-06-01' });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1400);
    expect(elapsed).toBeLessThan(3000);
    // ROSSI's facts are still cached from the first test; the stranger's are not.
    expect(result.errors?.map((error) => [error.path?.join('.'), error.extensions?.['code']])).toEqual([['_entities.1.health', 'REGISTRY_TIMEOUT']]);
    const [rossi, stranger] = result.data?.['_entities'] as any[];
    expect(rossi.isee.dsuProtocol).toBe('INPS-ISEE-2025-24936789O-00');
    expect(rossi.health).not.toBeNull();
    expect(stranger.health).toBeNull();
    expect(hub.nsisMock.requests).toBe(1);
  });
});

describe('iseeIssues without a benefits subgraph', () => {
  it('answers SERVICE_UNAVAILABLE when the benefits subgraph is down, BAD_USER_INPUT for a reversed period', async () => {
    const hub = await startHarness({ now: CLOCK, benefitsUrl: 'http://127.0.0.1:9/graphql' });
    try {
      const down = await hub.execute(`{ iseeIssues(enteCode: "H501") { problem } }`);
      expect(down.data).toBeNull();
      expect(down.errors?.[0]?.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
      const reversed = await hub.execute(`{ iseeIssues(enteCode: "H501", from: "2025-12-31", to: "2025-01-01") { problem } }`);
      expect(reversed.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'from' });
      expect(hub.iseeMock.requests).toBe(0);
    } finally {
      await hub.close();
    }
  });
});

describe('retries and the circuit breaker', () => {
  let hub: Harness;
  let flaky: Server;
  let failuresLeft = 0;

  beforeAll(async () => {
    // A registry that fails the next `failuresLeft` requests with 503, then forwards to the mock.
    const upstream = { url: '' };
    flaky = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', async () => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          response.writeHead(503, { 'content-type': 'application/problem+json' }).end('{"status":503}');
          return;
        }
        const answer = await fetch(`${upstream.url}${request.url}`, { method: 'POST', body });
        response.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
      });
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    hub = await startHarness({
      now: CLOCK,
      isee: { url: `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`, retries: 2, retryBaseMs: 20, breakerFailures: 3, breakerOpenMs: 400 },
      nsis: { retries: 0, breakerFailures: 3, breakerOpenMs: 400 },
    });
    upstream.url = hub.iseeMock.url;
  });

  afterAll(async () => {
    await hub?.close();
    await new Promise((resolve) => flaky?.close(resolve));
  });

  it('retries a failed ISEE call with backoff and succeeds when the registry recovers', async () => {
    failuresLeft = 2;
    const result = await hub.execute(PERSONS, { representations: persons(ROSSI), asOf: '2025-06-01' });
    expect(result.errors).toBeUndefined();
    expect((result.data?.['_entities'] as any[])[0].isee.dsuProtocol).toBe('INPS-ISEE-2025-24936789O-00');
    expect(failuresLeft).toBe(0);
    expect(hub.service.breakers().isee).toBe('closed');
  });

  it('opens after consecutive failures, stops calling, then closes once a half-open probe succeeds', async () => {
    hub.nsisMock.setBehaviour({ outage: true });
    hub.nsisMock.resetCounters();
    const ask = (taxCode: string) => hub.execute(PERSONS, { representations: persons(taxCode), asOf: '2025-06-01' });
    const codes = Array.from({ length: 5 }, () => freshTaxCode());
    for (const taxCode of codes.slice(0, 3)) {
      const failed = await ask(taxCode);
      expect(failed.errors?.[0]?.extensions).toEqual({ code: 'REGISTRY_UNAVAILABLE', registry: 'NSIS' });
    }
    expect(hub.nsisMock.requests).toBe(3);
    expect(hub.service.breakers()).toEqual({ isee: 'closed', nsis: 'open' });

    const started = performance.now();
    const shortCircuited = await ask(codes[3]!);
    expect(performance.now() - started).toBeLessThan(200);
    expect(shortCircuited.errors?.[0]?.extensions).toEqual({ code: 'REGISTRY_UNAVAILABLE', registry: 'NSIS', circuit: 'open', retryAfterSeconds: 1 });
    expect((shortCircuited.data?.['_entities'] as any[])[0].isee).not.toBeUndefined();
    expect(hub.nsisMock.requests).toBe(3);

    hub.nsisMock.setBehaviour({ outage: false });
    await new Promise((resolve) => setTimeout(resolve, 450));
    const recovered = await ask(codes[4]!);
    expect(recovered.errors).toBeUndefined();
    expect((recovered.data?.['_entities'] as any[])[0].health).toMatchObject({ source: `NSIS at 127.0.0.1:${hub.nsisMock.port}` });
    expect(hub.nsisMock.requests).toBe(4);
    expect(hub.service.breakers().nsis).toBe('closed');
  });

  it('reopens when the half-open probe fails', async () => {
    hub.nsisMock.setBehaviour({ errorRate: 1 });
    for (let i = 0; i < 3; i++) await hub.execute(PERSONS, { representations: persons(freshTaxCode()), asOf: '2020-01-01' });
    expect(hub.service.breakers().nsis).toBe('open');
    await new Promise((resolve) => setTimeout(resolve, 450));
    const before = hub.nsisMock.requests;
    await hub.execute(PERSONS, { representations: persons(freshTaxCode()), asOf: '2020-01-01' });
    expect(hub.nsisMock.requests).toBe(before + 1);
    expect(hub.service.breakers().nsis).toBe('open');
    hub.nsisMock.setBehaviour({ errorRate: 0 });
    expectNoPersonalDataIn(hub.logs);
    expect(hub.logs.join('\n')).toContain('NSIS registry failing: circuit opened');
  });
});
