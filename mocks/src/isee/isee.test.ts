import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { isValidCodiceFiscale } from '@siuss/scalars/codice-fiscale';
import type { MockServer } from '../common/http.ts';
import { Random } from '../common/random.ts';
import { birthOf, inventTaxCode } from '../common/tax-codes.ts';
import { type Attestazione, attestationOfYear, byProtocol, DSU_PROTOCOL, equivalenceScale, validOn } from './attestations.ts';
import { createIseeServer } from './server.ts';

const TODAY = '2026-11-22';
const now = () => new Date(`${TODAY}T10:00:00Z`);
const cents = (amount: string) => Math.round(Number(amount) * 100);

/**
 * The DSUs the benefits subgraph's demo records carry (invented persons), with the benefit date and
 * whether the demo means the attestation to cover it. The benefits seed test checks the file against
 * the seed; this one checks it against the generator, so the demo and the mock agree with nothing stored here.
 */
interface DemoDsu {
  taxCode: string;
  code: string;
  benefitDate: string;
  dsu: { number: string; year: number; date: string };
  validOnBenefitDate: boolean;
}
const DEMO_DSUS = JSON.parse(readFileSync(new URL('../../../subgraphs/benefits/src/seed/demo-dsus.json', import.meta.url), 'utf8')) as DemoDsu[];
/** ANNA ESPOSITO, the person of the GraphiQL example (gateway/src/example.ts). */
const EXAMPLE_PERSON = 'SPSNNA41A69F839C';

/** Invented codici fiscali (valid check characters) for people born between 1925 and 2024. */
function population(size: number, seed = 'population'): string[] {
  const random = new Random(seed);
  return Array.from({ length: size }, () => inventTaxCode(random, { birthYear: random.int(1925, 2024) }));
}

async function post(server: MockServer, path: string, body: unknown) {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as any };
}

async function get(server: MockServer, path: string) {
  const response = await fetch(`${server.url}${path}`);
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as any };
}

describe('ISEE attestation generation', () => {
  const people = population(2000);
  const attestations = people.map((taxCode) => attestationOfYear(taxCode, 2024, 2026));

  it('is deterministic: the same code and year always give the same attestation', () => {
    for (const taxCode of people.slice(0, 200)) {
      expect(attestationOfYear(taxCode, 2024, 2026)).toEqual(attestationOfYear(taxCode, 2024, 2026));
    }
    expect(validOn('RSSMRA80C15H501M', '2025-06-01', TODAY)).toEqual(validOn('RSSMRA80C15H501M', '2025-06-01', TODAY));
  });

  it('gives about one person in five no attestation in a year', () => {
    const none = attestations.filter((attestation) => attestation === null).length / people.length;
    expect(none).toBeGreaterThan(0.14);
    expect(none).toBeLessThan(0.27);
  });

  it('computes ISE, ISEE and the equivalence scale as the DPCM 159/2013 formula says', () => {
    for (const attestation of attestations.filter((a): a is Attestazione => a !== null)) {
      const size = attestation.nucleoFamiliare.length;
      const children = attestation.nucleoFamiliare.filter((member) => member.ruolo === 'FIGLIO').length;
      expect(cents(attestation.scalaEquivalenza)).toBe(equivalenceScale(size, children));
      expect(Math.abs(cents(attestation.ise) - (cents(attestation.isr) + cents(attestation.isp) * 0.2))).toBeLessThanOrEqual(1);
      expect(Math.abs(cents(attestation.valoreIsee) - (cents(attestation.ise) * 100) / cents(attestation.scalaEquivalenza))).toBeLessThanOrEqual(1);
    }
  });

  it('issues well-formed DSU protocols with plausible dates, values and households', () => {
    const present = attestations.filter((a): a is Attestazione => a !== null);
    for (const attestation of present) {
      expect(attestation.protocolloDsu).toMatch(DSU_PROTOCOL);
      expect(attestation.protocolloDsu.slice(10, 14)).toBe('2024');
      expect(attestation.dataPresentazione.slice(0, 4)).toBe('2024');
      expect(attestation.dataScadenza >= attestation.dataPresentazione).toBe(true);
      if (attestation.tipoIsee !== 'CORRENTE') expect(attestation.dataScadenza).toBe('2024-12-31');
      const members = attestation.nucleoFamiliare.map((member) => member.codiceFiscale);
      expect(new Set(members).size).toBe(members.length);
      expect(members.every(isValidCodiceFiscale)).toBe(true);
      expect(attestation.nucleoFamiliare[0]?.ruolo).toBe('DICHIARANTE');
    }
    const values = present.map((attestation) => Number(attestation.valoreIsee)).sort((a, b) => a - b);
    const median = values[Math.floor(values.length / 2)] ?? 0;
    expect(median).toBeGreaterThan(5_000);
    expect(median).toBeLessThan(25_000);
    const kinds = new Set(present.map((attestation) => attestation.tipoIsee));
    expect([...kinds].sort()).toEqual(['CORRENTE', 'MINORENNI', 'ORDINARIO', 'SOCIO_SANITARIO', 'SOCIO_SANITARIO_RESIDENZIALE', 'UNIVERSITARIO']);
  });

  it("declares a minor's household through a parent", () => {
    const minors = people.filter((taxCode) => {
      const born = Number(birthOf(taxCode, 2026).birthDate.slice(0, 4));
      return born > 2008 && born <= 2020;
    });
    const withAttestation = minors.map((taxCode) => [taxCode, attestationOfYear(taxCode, 2024, 2026)] as const).filter(([, a]) => a !== null);
    expect(withAttestation.length).toBeGreaterThan(10);
    for (const [taxCode, attestation] of withAttestation) {
      expect(attestation?.nucleoFamiliare.find((member) => member.codiceFiscale === taxCode)?.ruolo).toBe('FIGLIO');
      expect(attestation?.nucleoFamiliare[0]?.codiceFiscale).not.toBe(taxCode);
    }
  });

  it("generates each DSU of the benefits demo for its person, valid on the benefit date where the demo means it", () => {
    expect(DEMO_DSUS.length).toBeGreaterThan(5);
    for (const demo of DEMO_DSUS) {
      const attestation = byProtocol(demo.dsu.number, demo.taxCode, TODAY);
      expect(attestation).toMatchObject({ protocolloDsu: demo.dsu.number, annoProtocollo: demo.dsu.year, dataPresentazione: demo.dsu.date });
      expect(attestation).toEqual(attestationOfYear(demo.taxCode, demo.dsu.year, 2026));
      const covers = attestation!.dataPresentazione <= demo.benefitDate && demo.benefitDate <= attestation!.dataScadenza;
      expect([demo.code, covers]).toEqual([demo.code, demo.validOnBenefitDate]);
      if (demo.validOnBenefitDate) expect(validOn(demo.taxCode, demo.benefitDate, TODAY)?.protocolloDsu).toBe(demo.dsu.number);
    }
  });

  it('generates the years after the current one as well: the example person has a current attestation on 1 December 2026', () => {
    expect(validOn(EXAMPLE_PERSON, '2026-12-01', '2026-12-01')).toMatchObject({
      protocolloDsu: 'INPS-ISEE-2026-12559452U-00', dataPresentazione: '2026-02-01', dataScadenza: '2026-12-31', tipoIsee: 'SOCIO_SANITARIO',
    });
    // Every year is generated, not only those before the registry's today; a DSU not yet presented is not served.
    const later = people.map((taxCode) => attestationOfYear(taxCode, 2031, 2031));
    const none = later.filter((attestation) => attestation === null).length / people.length;
    expect(none).toBeGreaterThan(0.14);
    expect(none).toBeLessThan(0.27);
    expect(validOn(EXAMPLE_PERSON, '2026-12-01', '2026-01-31')).toBeNull();
  });

  it('returns the attestation valid on a date, and none before the DSU was presented', () => {
    expect(validOn('RSSMRA80C15H501M', '2025-06-01', TODAY)?.protocolloDsu).toBe('INPS-ISEE-2025-24936789O-00');
    expect(validOn('RSSMRA80C15H501M', '2024-10-01', TODAY)?.protocolloDsu).toBe('INPS-ISEE-2024-91740509N-00');
    // Presented on 18 April 2025; the 2024 attestation expired on 31 December.
    expect(validOn('RSSMRA80C15H501M', '2025-04-17', TODAY)).toBeNull();
    expect(validOn('RSSMRA80C15H501M', '2025-04-18', TODAY)?.protocolloDsu).toBe('INPS-ISEE-2025-24936789O-00');
    // On 15 April 2025 the registry did not have the DSU of 18 April yet.
    expect(validOn('RSSMRA80C15H501M', '2025-06-01', '2025-04-15')).toBeNull();
    expect(validOn('01114601006', '2025-06-01', TODAY)).toBeNull();
  });

  it('finds a generated DSU by protocol only for a member of its household', () => {
    const [taxCode, attestation] = people.map((code) => [code, attestationOfYear(code, 2024, 2026)] as const).find(([, a]) => a !== null && a.nucleoFamiliare.length > 1)!;
    expect(byProtocol(attestation!.protocolloDsu, taxCode, TODAY)).toEqual(attestation);
    const stranger = people.find((code) => !attestation!.nucleoFamiliare.some((member) => member.codiceFiscale === code))!;
    expect(byProtocol(attestation!.protocolloDsu, stranger, TODAY)).toBeNull();
    expect(byProtocol('INPS-ISEE-2024-99999999Z-00', taxCode, TODAY)).toBeNull();
  });
});

describe('the ISEE mock over HTTP', () => {
  let server: MockServer;
  let other: MockServer;

  beforeAll(async () => {
    server = await createIseeServer({ now });
    other = await createIseeServer({ now });
  });

  afterAll(async () => {
    await server?.close();
    await other?.close();
  });

  it('answers a batch in request order, the same as single lookups and as another instance', async () => {
    const taxCodes = [...population(30, 'batch'), 'RSSMRA80C15H501M'];
    const batch = await post(server, '/attestazioni/ricerca', { dataValidita: '2025-06-01', codiciFiscali: taxCodes });
    expect(batch.status).toBe(200);
    expect(batch.body.dataValidita).toBe('2025-06-01');
    expect(batch.body.esiti.map((esito: any) => esito.codiceFiscale)).toEqual(taxCodes);
    expect((await post(other, '/attestazioni/ricerca', { dataValidita: '2025-06-01', codiciFiscali: taxCodes })).body).toEqual(batch.body);
    for (const [i, taxCode] of taxCodes.entries()) {
      const single = await get(server, `/attestazioni?codiceFiscale=${taxCode}&dataValidita=2025-06-01`);
      const expected = batch.body.esiti[i].attestazione;
      if (expected) expect(single).toMatchObject({ status: 200, body: expected });
      else expect(single).toMatchObject({ status: 404, type: expect.stringContaining('application/problem+json') });
    }
    expect(batch.body.esiti.at(-1).attestazione.protocolloDsu).toBe('INPS-ISEE-2025-24936789O-00');
  });

  it('looks DSUs up by protocol, one or in a batch', async () => {
    const protocol = 'INPS-ISEE-2025-81260112V-00';
    const single = await get(server, `/attestazioni/${protocol}?codiceFiscale=RSSLCU15A11F839Z`);
    expect(single).toMatchObject({ status: 200, body: { protocolloDsu: protocol, tipoIsee: 'MINORENNI' } });
    const batch = await post(server, '/attestazioni/ricerca-per-protocollo', {
      richieste: [
        { protocolloDsu: protocol, codiceFiscale: 'RSSLCU15A11F839Z' },
        { protocolloDsu: protocol, codiceFiscale: 'RSSMRA80C15H501M' },
        { protocolloDsu: 'INPS-ISEE-2025-12345678Q-00', codiceFiscale: 'RSSLCU15A11F839Z' },
      ],
    });
    expect(batch.status).toBe(200);
    expect(batch.body.esiti.map((esito: any) => esito.attestazione?.protocolloDsu ?? null)).toEqual([protocol, null, null]);
    const missing = await get(server, `/attestazioni/INPS-ISEE-2025-12345678Q-00?codiceFiscale=RSSLCU15A11F839Z`);
    expect(missing).toMatchObject({ status: 404, body: { status: 404, type: '/problems/attestazione-non-trovata' } });
  });

  it('refuses bad requests with RFC 7807 problems that name the field, never the value', async () => {
    const badCode = await post(server, '/attestazioni/ricerca', { codiciFiscali: ['RSSMRA80C15H501M', 'RSSMRA80C15H501X'], dataValidita: '2025-02-30' });
    expect(badCode.status).toBe(400);
    expect(badCode.type).toContain('application/problem+json');
    expect(badCode.body['invalid-params'].map((param: any) => param.name)).toEqual(['dataValidita', 'codiciFiscali[1]']);
    expect(JSON.stringify(badCode.body)).not.toContain('RSSMRA80C15H501X');

    const tooMany = await post(server, '/attestazioni/ricerca', { codiciFiscali: Array.from({ length: 101 }, () => 'RSSMRA80C15H501M') });
    expect(tooMany.body['invalid-params']).toEqual([{ name: 'codiciFiscali', reason: 'an array of 1 to 100 items' }]);

    const badProtocol = await get(server, '/attestazioni/INPS-ISEE-25-1?codiceFiscale=RSSMRA80C15H501M');
    expect(badProtocol).toMatchObject({ status: 400, body: { 'invalid-params': [{ name: 'protocollo' }] } });
    const noTaxCode = await get(server, '/attestazioni/INPS-ISEE-2025-24936789O-00');
    expect(noTaxCode).toMatchObject({ status: 400, body: { 'invalid-params': [{ name: 'codiceFiscale' }] } });

    const notJson = await fetch(`${server.url}/attestazioni/ricerca`, { method: 'POST', body: '{nope' });
    expect(notJson.status).toBe(400);
    expect((await get(server, '/nowhere')).status).toBe(404);
    expect((await fetch(`${server.url}/attestazioni/ricerca`, { method: 'PUT' })).status).toBe(405);
  });
});
