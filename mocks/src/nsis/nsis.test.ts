import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MockServer } from '../common/http.ts';
import { Random } from '../common/random.ts';
import { birthOf, inventTaxCode } from '../common/tax-codes.ts';
import { healthRecord } from './health.ts';
import { createNsisServer } from './server.ts';

const TODAY = '2026-11-22';

function population(size: number, seed: string): string[] {
  const random = new Random(seed);
  return Array.from({ length: size }, () => inventTaxCode(random, { birthYear: random.int(1925, 2024) }));
}

describe('NSIS health facts generation', () => {
  const people = population(3000, 'nsis-population');
  const records = people.map((taxCode) => healthRecord(taxCode, TODAY));

  it('is deterministic in the codice fiscale', () => {
    for (const taxCode of people.slice(0, 300)) expect(healthRecord(taxCode, TODAY)).toEqual(healthRecord(taxCode, TODAY));
  });

  it('gives plausible facts: percentages, allowance, dates, open episodes, newest first', () => {
    for (const record of records) {
      const invalidity = record.invaliditaCivile;
      if (invalidity) {
        expect(invalidity.percentuale).toBeGreaterThanOrEqual(34);
        expect(invalidity.percentuale).toBeLessThanOrEqual(100);
        if (invalidity.indennitaAccompagnamento) expect(invalidity.percentuale).toBe(100);
        expect(invalidity.dataRiconoscimento <= TODAY).toBe(true);
        expect(invalidity.dataRiconoscimento > birthOf(record.codiceFiscale, 2026).birthDate).toBe(true);
      }
      for (const episode of record.assistenzaDomiciliare) {
        expect(episode.dataInizio <= TODAY).toBe(true);
        if (episode.dataFine !== null) {
          expect(episode.dataFine > episode.dataInizio).toBe(true);
          expect(episode.dataFine <= TODAY).toBe(true);
        }
        expect(episode.accessi).toBeGreaterThan(0);
      }
      for (const stay of record.assistenzaResidenziale) {
        expect(stay.dataAmmissione <= TODAY).toBe(true);
        if (stay.dataDimissione !== null) expect(stay.dataDimissione > stay.dataAmmissione).toBe(true);
      }
      const starts = record.assistenzaDomiciliare.map((episode) => episode.dataInizio);
      expect(starts).toEqual([...starts].sort().reverse());
    }
  });

  it('makes disability far more common in old age, as it is', () => {
    const share = (from: number, to: number) => {
      const group = records.filter((record) => {
        const born = Number(birthOf(record.codiceFiscale, 2026).birthDate.slice(0, 4));
        return 2026 - born >= from && 2026 - born <= to;
      });
      return group.filter((record) => record.invaliditaCivile !== null).length / group.length;
    };
    expect(share(85, 101)).toBeGreaterThan(0.2);
    expect(share(20, 45)).toBeLessThan(0.1);
    expect(share(85, 101)).toBeGreaterThan(3 * share(20, 45));
    expect(records.some((record) => record.assistenzaResidenziale.some((stay) => stay.tipoStruttura === 'RSA'))).toBe(true);
    expect(records.some((record) => record.assistenzaDomiciliare.length > 0)).toBe(true);
  });

  it("gives the benefits demo persons the facts their benefits and SINA assessments tell, from the generator alone", () => {
    // ANNA ESPOSITO: total civil invalidity with the accompanying allowance and Law 104 (severe) before
    // her SINA assessment of 10 February 2025, integrated home care during her ADI benefit.
    const anna = healthRecord('SPSNNA41A69F839C', TODAY);
    expect(anna).toMatchObject({
      trovato: true,
      invaliditaCivile: { percentuale: 100, indennitaAccompagnamento: true, dataRiconoscimento: '2024-08-26' },
      legge104: { gravita: true, dataRiconoscimento: '2024-11-29' },
      assistenzaDomiciliare: [{ tipo: 'ADI_2', dataInizio: '2024-11-19', dataFine: '2025-09-19' }],
      assistenzaResidenziale: [],
    });
    // GIUSEPPE ROMANO: in a nursing home (RSA) for the whole of 2025, when his Comune integrated the fee.
    const romano = healthRecord('RMNGPP41R19L219M', TODAY);
    expect(romano).toMatchObject({
      invaliditaCivile: { percentuale: 100, indennitaAccompagnamento: true },
      legge104: { gravita: true },
      assistenzaResidenziale: [{ regime: 'RESIDENZIALE', tipoStruttura: 'RSA', dataAmmissione: '2024-06-17', dataDimissione: '2026-07-17' }],
    });
    // LUCA RUSSO, a minor: Law 104 status, reviewed at 18, for his school support.
    expect(healthRecord('RSSLCU15A11F839Z', TODAY)).toMatchObject({ invaliditaCivile: null, legge104: { gravita: false, dataRevisione: '2033-01-11' } });
    // MARIO ROSSI: nothing.
    expect(healthRecord('RSSMRA80C15H501M', TODAY)).toMatchObject({ invaliditaCivile: null, legge104: null, assistenzaDomiciliare: [], assistenzaResidenziale: [] });
  });

  it("shows only what had happened by the registry's today, and nothing for a legal person", () => {
    expect(healthRecord('RMNGPP41R19L219M', '2024-06-01').assistenzaResidenziale).toEqual([]);
    // Still in the RSA on 1 June 2025: the stay has no discharge date yet.
    expect(healthRecord('RMNGPP41R19L219M', '2025-06-01').assistenzaResidenziale).toEqual([{ regime: 'RESIDENZIALE', tipoStruttura: 'RSA', dataAmmissione: '2024-06-17', dataDimissione: null }]);
    expect(healthRecord('SPSNNA41A69F839C', '2024-08-01')).toMatchObject({ invaliditaCivile: null, legge104: null, assistenzaDomiciliare: [] });
    expect(healthRecord('01114601006', TODAY)).toEqual({
      codiceFiscale: '01114601006', trovato: false, invaliditaCivile: null, legge104: null, assistenzaDomiciliare: [], assistenzaResidenziale: [],
    });
  });
});

describe('the NSIS mock over HTTP', () => {
  let server: MockServer;

  beforeAll(async () => {
    server = await createNsisServer({ now: () => new Date(`${TODAY}T10:00:00Z`) });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('answers a batch in request order, equal to single lookups', async () => {
    const taxCodes = [...population(20, 'nsis-batch'), 'SPSNNA41A69F839C'];
    const response = await fetch(`${server.url}/persone/ricerca`, { method: 'POST', body: JSON.stringify({ codiciFiscali: taxCodes }) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { esiti: any[] };
    expect(body.esiti.map((esito) => esito.codiceFiscale)).toEqual(taxCodes);
    for (const [i, taxCode] of taxCodes.entries()) {
      const single = await fetch(`${server.url}/persone/${taxCode}`);
      expect(await single.json()).toEqual(body.esiti[i]);
    }
    expect(body.esiti.at(-1).assistenzaDomiciliare[0]).toMatchObject({ tipo: 'ADI_2', dataInizio: '2024-11-19', dataFine: '2025-09-19' });
    expect(server.requestsByRoute()).toEqual({ ricerca: 1, persona: taxCodes.length });
  });

  it('refuses an invalid codice fiscale with a problem naming the field', async () => {
    const response = await fetch(`${server.url}/persone/ricerca`, { method: 'POST', body: JSON.stringify({ codiciFiscali: ['NOTACODE'] }) });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 400, 'invalid-params': [{ name: 'codiciFiscali[0]' }] });
    expect((await fetch(`${server.url}/persone/XYZ`)).status).toBe(400);
  });
});
