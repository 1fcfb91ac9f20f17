import { createReadStream, readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from '@jest/globals';
import { FlowFormatError, generatePsFlowCsv, generatePsFlowXml, readFlow, scanFlow, XSD_DEFECTS } from './flow-reader.ts';
import type { FlowChunk, FlowEnvelope, FlowRecord, PsFlowRecord, ReadFlowOptions, SinbaFlowRecord, XsdDefect } from './flow-reader.ts';
import { checkCharacter } from './flow-generator.ts';

const fixture = (name: string): URL => new URL(`../fixtures/${name}`, import.meta.url);
const text = (name: string): string => readFileSync(fixture(name), 'utf8');
const PS_1 = 'openapi-schema-example_PS_PSA_SINA_1prestazione.xml';
const PS_3 = 'openapi-example-1_PS_PSA_SINA_3prestazioni.xml';
const SINBA = 'openapi-example-2_SINBA.xml';

const ente: FlowEnvelope['ente'] = { Codice: 'H501', Denominazione: 'Comune di Roma', Indirizzo: 'H501', CFOperatore: 'RSSMRA80C15H501M' };
const envelope: FlowEnvelope = { name: 'H501.PS.20250115.0000001', ente };
const XML = { format: 'XML' } as const;
const CSV = { format: 'CSV', csvEnvelope: envelope } as const;

async function readAll(source: AsyncIterable<FlowChunk> | Iterable<FlowChunk>, options: ReadFlowOptions = XML): Promise<FlowRecord[]> {
  const out: FlowRecord[] = [];
  for await (const batch of readFlow(source, options)) out.push(...batch);
  return out;
}

async function collect(source: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of source) out += chunk;
  return out;
}

/** The FlowFormatError that scanning, then reading, the source throws (both must agree). */
async function flowError(source: () => AsyncIterable<FlowChunk> | Iterable<FlowChunk>, options: ReadFlowOptions = XML): Promise<FlowFormatError> {
  const scanned = await scanFlow(source(), options).then(() => undefined, (error: unknown) => error);
  const read = await readAll(source(), options).then(() => undefined, (error: unknown) => error);
  expect(scanned).toBeInstanceOf(FlowFormatError);
  expect(read).toBeInstanceOf(FlowFormatError);
  expect((read as FlowFormatError).code).toBe((scanned as FlowFormatError).code);
  return scanned as FlowFormatError;
}

const ps = (records: FlowRecord[]): PsFlowRecord[] => records.map((r) => (r.kind === 'PS' ? r : expect(r.kind).toBe('PS') as never));
const withoutLine = (records: FlowRecord[]): Omit<FlowRecord, 'line'>[] => records.map(({ line: _line, ...rest }) => rest);

describe('the official INPS examples', () => {
  it('reads the 1-benefit PS example, XSD-valid, with every field', async () => {
    await expect(scanFlow(createReadStream(fixture(PS_1)), XML)).resolves.toEqual({
      kind: 'PS',
      records: 1,
      envelope: { name: 'H501.PS.INPS.20160423.115235', ente: { Codice: 'H501', Denominazione: 'Comune di Roma', Indirizzo: 'H501', CFOperatore: 'XXXXXX80P20B501B' } },
    });
    const [record, ...rest] = ps(await readAll(createReadStream(fixture(PS_1))));
    expect(rest).toEqual([]);
    expect(record).toMatchObject({ kind: 'PS', index: 0, beneficiaryIndex: 0, line: 8, problems: [] });
    expect(record?.beneficiario).toEqual({
      CodiceFiscale: 'RSSMRK66C14H501U',
      anagrafica: { AnnoNascita: '1966', Genere: '1', CodiceCittadinanza: '380', Nome: 'MIRKO', CodiceSecondaCittadinanza: '380', LuogoNascita: 'H501', Cognome: 'ROSSI' },
      indirizzi: [{ CodiceComune: '068001', CodiceNazione: '380', CodiceRegione: '01' }],
    });
    expect(Object.keys(record?.prestazione ?? {})).toHaveLength(19);
    expect(record?.prestazione).toMatchObject({ CodicePrestazione: 'A2.16', ImportoMensile: '200.0', PresaCarico: '1', ProtocolloDomanda: 'Protocollo fittizio' });
    expect(record?.sina).toEqual({
      attributes: { NecessitaCureSanitarie: '1', FonteDerivazioneInvalidita: '1', AreaReddituale: '1', StrumentoValutazione: '1', FonteDerivazioneValutazione: '1', AreaSupporto: '1', Mobilita: '1', DisturbiComportamentali: '1', AttivitaVitaQuotidiana: '1' },
      NecessitaInterventiSociali: ['A1.01', 'A1.02'],
      InvaliditaCivile: ['1', '2'],
    });
  });

  it('reads the 3-benefit PS example as 3 XSD-valid records of one beneficiary', async () => {
    expect((await scanFlow(createReadStream(fixture(PS_3)), XML)).records).toBe(3);
    const records = ps(await readAll(createReadStream(fixture(PS_3))));
    expect(records.map((r) => [r.index, r.beneficiaryIndex, r.line, r.prestazione['CodicePrestazione'], r.problems])).toEqual([
      [0, 0, 8, 'A1.16', []],
      [1, 0, 20, 'A2.16', []],
      [2, 0, 27, 'A1.09', []],
    ]);
    expect(records[0]?.beneficiario).toBe(records[2]?.beneficiario);
    expect(records[1]?.sina).toMatchObject({ NecessitaInterventiSociali: ['A2.17'] });
    expect(records[1]?.sina?.InvaliditaCivile).toBeUndefined();
    expect(records[2]?.sina).toBeUndefined();
    expect(records[2]?.prestazione).toMatchObject({ CaratterePrestazione: '2', ImportoPrestazione: '1265.23', DataErogazionePrestazione: '2020-12-01' });
  });

  it('reads the SINBA example as one XSD-valid SINBA record', async () => {
    const scan = await scanFlow(createReadStream(fixture(SINBA)), XML);
    expect(scan).toMatchObject({ kind: 'SINBA', records: 1, envelope: { name: 'H501.SINBA.20210520.00000004' } });
    const [record, ...rest] = (await readAll(createReadStream(fixture(SINBA)))) as SinbaFlowRecord[];
    expect(rest).toEqual([]);
    expect(record).toMatchObject({ kind: 'SINBA', index: 0, line: 5, Prestazioni: ['A1.02', 'A2.06'], Famiglia: ['1', '2'], problems: [] });
    expect(record?.attributes).toMatchObject({ IDBeneficiario: 'PROVA BENEF', DataPrimaSegnalazione: '01/2010', FasciaEtaBeneficiario: '2' });
    expect(Object.keys(record?.attributes ?? {})).toHaveLength(23);
  });

  it('refuses a flow of the other kind than expected', async () => {
    expect((await flowError(() => createReadStream(fixture(SINBA)), { format: 'XML', kind: 'PS' })).code).toBe('WRONG_KIND');
  });
});

describe('XSD problems of one record', () => {
  const EXPECTED: Record<XsdDefect, { field: string; message: RegExp; secret: string }> = {
    'bad-enum': { field: 'PrestazioniSociali@PresaCarico', message: /is not one of the allowed codes 1, 2$/, secret: '3' },
    'bad-decimal': { field: 'PrestazioniSociali@ImportoMensile', message: /is not a valid xs:decimal/, secret: '' },
    'bad-date': { field: 'PrestazioniSociali@DataInizioPrestazione', message: /is not a valid xs:date/, secret: '2024-02-30' },
    'too-long': { field: 'Anagrafica@Cognome', message: /is too long: 39 characters, at most 36 allowed/, secret: 'MONTECATINI' },
    'missing-required': { field: 'PrestazioniSociali@ProtocolloDomanda', message: /is required but missing/, secret: 'PG/2024' },
    'unknown-attribute': { field: 'PrestazioniSociali@Colore', message: /is not allowed: PrestazioniSociali has no attribute Colore/, secret: '' },
    'six-indirizzi': { field: 'Beneficiario/Indirizzo', message: /not expected here; expected PrestazioniSociali; at most 5 Indirizzo/, secret: '058091' },
  };

  it.each(XSD_DEFECTS)('%s: the right field, no value quoted, other records untouched', async (defect) => {
    const records = ps(await readAll(generatePsFlowXml({ name: envelope.name, ente, records: 5, seed: 42, defects: { 2: defect } })));
    expect(records.map((r) => r.problems.length)).toEqual([0, 0, 1, 0, 0]);
    const [problem] = records[2]?.problems ?? [];
    const expected = EXPECTED[defect];
    expect(problem).toMatchObject({ rule: 'XSD', field: expected.field, severity: 'BLOCKING' });
    expect(problem?.message).toMatch(expected.message);
    expect(problem?.message.startsWith(expected.field)).toBe(true);
    // No value of the record is repeated, however long (codes like 1, 2 appear as the allowed set only).
    const record = records[2];
    const values = [record?.beneficiario.CodiceFiscale, ...Object.values(record?.beneficiario.anagrafica ?? {}), ...(record?.beneficiario.indirizzi ?? []).flatMap(Object.values), ...Object.values(record?.prestazione ?? {})];
    for (const value of values) if (value !== undefined && value.length >= 3) expect(problem?.message).not.toContain(value);
    if (expected.secret !== '') expect(problem?.message).not.toContain(expected.secret);
  });

  it('puts a Beneficiario-level problem on all its records, a benefit-level one on that record only', async () => {
    const source = text(PS_3).replace('Genere="2"', 'Genere="7"').replace('ImportoMensile="101.23" ImportoQuotaSSN="26.98"', 'ImportoMensile="1O1.23" ImportoQuotaSSN="26.98"');
    const records = await readAll([source]);
    const fields = records.map((r) => r.problems.map((p) => p.field));
    expect(fields).toEqual([['Anagrafica@Genere'], ['Anagrafica@Genere', 'PrestazioniSociali@ImportoMensile'], ['Anagrafica@Genere']]);
  });

  it('names the address, nested SINA elements and SINBA fields', async () => {
    const psSource = text(PS_1)
      .replace('<Indirizzo CodiceComune="068001" CodiceNazione="380" CodiceRegione="01"/>', '<Indirizzo CodiceNazione="380"/><Indirizzo CodiceComune="68001" CodiceNazione="380"/>')
      .replace('<InvCiv>2</InvCiv>', '<InvCiv>9</InvCiv>')
      .replace('<InvaliditaCivile>', '<Nota/><InvaliditaCivile>');
    const [record] = await readAll([psSource]);
    expect(record?.problems.map((p) => p.field)).toEqual(['Indirizzo[2]@CodiceComune', 'SINA/Nota']);
    expect(record?.problems[0]?.message).toBe('Indirizzo[2]@CodiceComune must be 6 digits');
    const [sinba] = await readAll([text(SINBA).replace('LuogoVita="1"', 'LuogoVita="11"').replace('<ComposizioneFamiglia>2', '<ComposizioneFamiglia>7')]);
    expect(sinba?.problems.map((p) => [p.field, p.message])).toEqual([
      ['SINBA@LuogoVita', 'SINBA@LuogoVita is not one of the allowed codes 1, 2, 3, 4, 5, 6, 7, 8'],
      ['Famiglia/ComposizioneFamiglia', 'Famiglia/ComposizioneFamiglia is not one of the allowed codes 1, 2, 3, 4, 5, 6'],
    ]);
  });

  it('reports a Beneficiario without PrestazioniSociali as one record, so its problem is not lost', async () => {
    const source = text(PS_1).replace(/<PrestazioniSociali[\s\S]*<\/PrestazioniSociali>/, '');
    expect((await scanFlow([source], XML)).records).toBe(1);
    const [record] = ps(await readAll([source]));
    expect(record).toMatchObject({ index: 0, prestazione: {}, problems: [{ field: 'Beneficiario/PrestazioniSociali' }] });
  });

  it('refuses an envelope that breaks the XSD, with the reasons', async () => {
    const source = text(PS_1).replace('CFOperatore="XXXXXX80P20B501B"', 'CFOperatore="X"').replace('<Flusso ', '<Flusso Versione="2" ');
    const error = await flowError(() => [source]);
    expect(error.code).toBe('BAD_ENVELOPE');
    expect(error.details).toEqual([
      'Flusso@Versione is not allowed: Flusso has no attribute Versione in the XSD',
      expect.stringMatching(/^Ente@CFOperatore is not in the form of a codice fiscale/),
    ]);
    const csv = await flowError(() => createReadStream(fixture('example-ps.csv')), { format: 'CSV', csvEnvelope: { name: 'x'.repeat(51), ente } });
    expect(csv.details).toEqual(['IdentificazioneFlusso@Nome is too long: 51 characters, at most 50 allowed']);
  });
});

describe('whole-flow failures', () => {
  it('refuses malformed XML with the line', async () => {
    const error = await flowError(() => [text(PS_1).replace('<Anagrafica AnnoNascita', '<Anagrafica AnnoNascita="1" AnnoNascita')]);
    expect(error).toMatchObject({ code: 'NOT_WELL_FORMED', line: 6 });
    expect(error.message).toMatch(/duplicate attribute/);
    expect((await flowError(() => ['garbage, not XML'])).code).toBe('NOT_WELL_FORMED');
    expect((await flowError(() => [`${text(PS_1)}<Flusso/>`])).code).toBe('NOT_WELL_FORMED');
    expect((await flowError(() => [text(PS_1).replace('Nome="MIRKO"', 'Nome="&mirko;"')])).message).toMatch(/undefined entity reference/);
  });

  it('refuses a wrong namespace or root, stray elements and mixed kinds', async () => {
    expect((await flowError(() => [text(PS_1).replace('http://inps.it/Casellario', 'http://inps.it/Altro')])).code).toBe('WRONG_NAMESPACE');
    expect((await flowError(() => [text(PS_1).replace(' xmlns="http://inps.it/Casellario"', '')])).code).toBe('WRONG_NAMESPACE');
    expect((await flowError(() => ['<Flussi xmlns="http://inps.it/Casellario"/>'])).code).toBe('WRONG_ROOT');
    expect((await flowError(() => [text(PS_1).replace('</Flusso>', '<Note/></Flusso>')])).code).toBe('BAD_STRUCTURE');
    const sinbaRecord = text(SINBA).slice(text(SINBA).indexOf('<SINBA '), text(SINBA).indexOf('</Flusso>'));
    expect((await flowError(() => [text(PS_1).replace('</Flusso>', `${sinbaRecord}</Flusso>`)])).code).toBe('BAD_STRUCTURE');
  });

  it('refuses a billion-laughs DOCTYPE at once, without expanding anything', async () => {
    const bomb = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE Flusso [',
      '<!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
      ']>',
      '<Flusso xmlns="http://inps.it/Casellario"><IdentificazioneFlusso Nome="&lol9;"/></Flusso>',
    ].join('\n');
    const rss = process.memoryUsage().rss;
    const start = performance.now();
    const error = await flowError(() => [bomb]);
    expect(error).toMatchObject({ code: 'DOCTYPE_FORBIDDEN', line: 13 });
    expect(performance.now() - start).toBeLessThan(1000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(50e6);
  });

  it('tells an empty flow and a truncated one', async () => {
    for (const empty of [[], [''], [Buffer.alloc(0)], ['  \n\t'], [Buffer.from([0xef, 0xbb, 0xbf])], ['<?xml version="1.0"?>\n']]) {
      expect((await flowError(() => empty)).code).toBe('EMPTY');
    }
    const whole = text(PS_3);
    for (const end of [30, 400, whole.length - 12]) {
      expect(await flowError(() => [whole.slice(0, end)])).toMatchObject({ code: 'TRUNCATED', line: whole.slice(0, end).split('\n').length });
    }
  });

  it('decodes the declared encoding and refuses undecodable bytes', async () => {
    const latin1 = Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>\n${text(PS_1).replace('Nome="MIRKO"', 'Nome="NICCOLÒ"')}`, 'latin1');
    const [record] = ps(await readAll([latin1]));
    expect(record?.beneficiario.anagrafica['Nome']).toBe('NICCOLÒ');
    const notUtf8 = Buffer.from(text(PS_1).replace('Nome="MIRKO"', 'Nome="NICCOLÒ"'), 'latin1');
    expect((await flowError(() => [notUtf8])).code).toBe('BAD_ENCODING');
    expect((await flowError(() => [Buffer.from(`<?xml version="1.0" encoding="EBCDIC-XX"?>${text(PS_1)}`)])).code).toBe('UNSUPPORTED_ENCODING');
  });

  it('limits the number of records and the size of one record', async () => {
    const many = () => generatePsFlowXml({ name: envelope.name, ente, records: 30, seed: 1 });
    expect((await flowError(many, { format: 'XML', maxRecords: 20 })).code).toBe('TOO_LARGE');
    const huge = text(PS_1).replace('Cognome="ROSSI"', `Cognome="${'R'.repeat(200_000)}"`);
    expect((await flowError(() => [huge], { format: 'XML', maxRecordSize: 100_000 })).code).toBe('TOO_LARGE');
  });
});

describe('CSV flows', () => {
  it('reads the example CSV: 4 XSD-valid records, rows of one person grouped', async () => {
    expect(await scanFlow(createReadStream(fixture('example-ps.csv')), CSV)).toEqual({ kind: 'PS', envelope, records: 4 });
    const records = ps(await readAll(createReadStream(fixture('example-ps.csv')), CSV));
    expect(records.map((r) => [r.index, r.beneficiaryIndex, r.line, r.beneficiario.CodiceFiscale, r.problems])).toEqual([
      [0, 0, 2, 'RSSMRA80C15H501M', []],
      [1, 0, 3, 'RSSMRA80C15H501M', []],
      [2, 1, 4, 'BNCGLI75S42F205Y', []],
      [3, 2, 5, 'VRDLCU01L04F839D', []],
    ]);
    expect(records[2]?.sina).toMatchObject({ attributes: { Mobilita: '2' }, NecessitaInterventiSociali: ['A2.07', 'A1.11'], InvaliditaCivile: ['1', '6'] });
    expect(records[3]?.beneficiario.indirizzi).toEqual([{ CodiceRegione: '12', CodiceComune: '058091', CodiceNazione: '380' }, { CodiceRegione: '15', CodiceComune: '063049', CodiceNazione: '380' }]);
    expect(records[0]?.sina).toBeUndefined();
  });

  it('gives the same records as the XML of the same flow, with either delimiter', async () => {
    const options = { name: envelope.name, ente, records: 400, seed: 9, defects: { 3: 'bad-enum', 10: 'too-long', 17: 'missing-required', 30: 'bad-date' } as const };
    const fromXml = withoutLine(await readAll(generatePsFlowXml(options)));
    expect(fromXml.filter((r) => r.problems.length > 0)).toHaveLength(4);
    expect(withoutLine(await readAll(generatePsFlowCsv(options), CSV))).toEqual(fromXml);
    expect(withoutLine(await readAll(generatePsFlowCsv({ ...options, delimiter: ',' }), CSV))).toEqual(fromXml);
  });

  it('refuses a header with unknown, duplicate or missing columns, naming them', async () => {
    const csv = readFileSync(fixture('example-ps.csv'), 'utf8');
    const [header = '', ...rows] = csv.split('\n');
    const bad = [header.replace('Cognome;', 'Cognome;Colore;').replace(';PresaCarico', ';Nome'), ...rows].join('\n');
    const error = await flowError(() => [bad], CSV);
    expect(error).toMatchObject({ code: 'CSV_HEADER', line: 1 });
    expect(error.details).toEqual(['unknown columns: Colore', 'duplicate columns: Nome', 'missing required columns: PresaCarico']);
  });

  it('marks a row with the wrong number of fields, and reads the others', async () => {
    const csv = readFileSync(fixture('example-ps.csv'), 'utf8').split('\n');
    csv[2] = `${csv[2]};extra`;
    const records = await readAll([csv.join('\n')], CSV);
    expect(records.map((r) => r.problems.map((p) => p.field))).toEqual([[], ['row'], [], []]);
    expect(records[1]?.problems[0]?.message).toBe('The row has 51 fields but the header has 50; the columns cannot be trusted, so the row was not checked further');
  });

  it('refuses malformed CSV, an empty one, bytes that are not UTF-8 and oversized rows', async () => {
    expect((await flowError(() => [Buffer.from('CodiceFiscale;Cognome\nRSSMRA80C15H501M;NICCOLÒ\n', 'latin1')], CSV)).code).toBe('BAD_ENCODING');
    expect((await flowError(() => createReadStream(fixture('example-ps.csv')), { ...CSV, maxRecordSize: 100 })).code).toBe('TOO_LARGE');
    expect(await flowError(() => ['CodiceFiscale;Cognome\n"RSSMRA80C15H501M;ROSSI\n'], CSV)).toMatchObject({ code: 'NOT_WELL_FORMED' });
    expect((await flowError(() => [''], CSV)).code).toBe('EMPTY');
    const header = readFileSync(fixture('example-ps.csv'), 'utf8').split('\n')[0] ?? '';
    expect((await flowError(() => [`${header}\n`], CSV)).code).toBe('NO_RECORDS');
  });
});

describe('streaming', () => {
  it('skips records cheaply and resumes exactly where asked', async () => {
    const options = { name: envelope.name, ente, records: 120, seed: 4, invalidEvery: 5 };
    const xml = await collect(generatePsFlowXml(options));
    const csv = await collect(generatePsFlowCsv(options));
    const allXml = await readAll([xml], { format: 'XML', batchSize: 16 });
    const allCsv = await readAll([csv], { ...CSV, batchSize: 16 });
    for (const skip of [1, 2, 47, 119, 120, 500]) {
      expect(await readAll([xml], { format: 'XML', batchSize: 16, skip })).toEqual(allXml.slice(skip));
      expect(await readAll([csv], { ...CSV, batchSize: 16, skip })).toEqual(allCsv.slice(skip));
    }
  });

  it('gives the same records whatever the chunking (tiny chunks, CR LF, multi-byte characters)', async () => {
    const xml = (await collect(generatePsFlowXml({ name: envelope.name, ente, records: 40, seed: 8, invalidEvery: 3 }))).replace(/\n/g, '\r\n').replace(/MARIA/g, 'MARÌA');
    const bytes = Buffer.from(xml);
    const expected = await readAll([bytes]);
    for (const size of [1, 2, 7, 4093]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      expect(await readAll(chunks)).toEqual(expected);
    }
  });

  it('streams a 50,000-record flow in batches with bounded memory', async () => {
    // V8 lets garbage pile up to a heap size of its choosing before collecting; collecting every other
    // batch makes rss show what the reader keeps: it must not grow with the number of records.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const options = { name: envelope.name, ente, records: 50_000, seed: 3, invalidEvery: 1000 };
    // Warm up first: loading libxml2, compiling the XSD and the JIT take memory once per process.
    await readAll(generatePsFlowXml({ ...options, records: 3000 }));
    gc();
    const { rss, heapUsed } = process.memoryUsage();
    let peak = rss;
    let records = 0;
    let invalid = 0;
    let batches = 0;
    let inOrder = true;
    let largest = 0;
    for await (const batch of readFlow(generatePsFlowXml(options), { format: 'XML', batchSize: 1000 })) {
      batches += 1;
      largest = Math.max(largest, batch.length);
      for (const record of batch) {
        inOrder &&= record.index === records++;
        if (record.problems.length > 0) invalid += 1;
      }
      if (batches % 2 === 0) gc();
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    gc();
    expect(records).toBe(50_000);
    expect(inOrder).toBe(true);
    expect(largest).toBeLessThanOrEqual(1002);
    expect(invalid).toBe(50);
    expect(batches).toBeGreaterThanOrEqual(50);
    expect(peak - rss).toBeLessThan(150e6);
    expect(process.memoryUsage().heapUsed - heapUsed).toBeLessThan(20e6);
  });
});

describe('generated data', () => {
  it('computes real codice fiscale check characters', () => {
    expect(checkCharacter('RSSMRA80C15H501')).toBe('M');
    expect(checkCharacter('BNCGLI75S42F205')).toBe('Y');
    expect(checkCharacter('RSSMRK66C14H501')).toBe('U');
  });
});
