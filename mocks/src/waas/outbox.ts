import { readFileSync } from 'node:fs';
import { composeCodiceFiscale } from '@siuss/scalars/codice-fiscale';
import { addDays, daysInMonth, dateOf, italianDate, yearOf } from '../common/dates.ts';
import { Random } from '../common/random.ts';
import { validOn } from '../isee/attestations.ts';

/** The two kinds of flow (`TipoFlusso`). */
export type TipoFlusso = 'PS_PSA_SINA' | 'SINBA';
export const TIPI_FLUSSO: readonly TipoFlusso[] = ['PS_PSA_SINA', 'SINBA'];

/** A flow as GET /flussi serves it: the OpenAPI `Flusso` schema. */
export interface Flusso {
  codice_ente: string;
  denominazione_ente: string;
  id_flusso: string;
  tipo: TipoFlusso;
  /** ISO 8601 with milliseconds, e.g. 2025-01-07T08:00:00.000Z. */
  ts_flusso: string;
  /** The XML, base64-encoded. */
  flusso: string;
}

/** One flow in the Comune's outbox. */
export interface OutboxFlow {
  flusso: Flusso;
  /** The decoded XML. */
  xml: string;
  /** `ts_flusso` in milliseconds: what `since` is compared with. */
  ts: number;
  origin: 'example' | 'generated' | 'appended';
}

export interface OutboxOptions {
  /** Belfiore code of the Comune (codice_ente); H501 (Roma) by default. */
  enteCode?: string;
  /** How many flows to generate; 20 by default. */
  generated?: number;
  /** Put INPS's three official examples first. By default only for H501: they are Roma's flows. */
  includeExamples?: boolean;
  /** Seed of the generated flows; 'waas' by default. */
  seed?: string;
  /** ts_flusso of the first generated flow; 2025-06-02T08:00:00.000Z by default. */
  start?: Date | string;
}

/** A flow added at run time (`POST /__flows`). */
export interface NewFlow {
  xml: string;
  tipo: TipoFlusso;
  /** By default the XML's IdentificazioneFlusso@Nome (when 1 to 64 characters), or else the ente's next progressive id. */
  id_flusso?: string;
}

const FIXTURES = new URL('../../../packages/xsd/fixtures/', import.meta.url);
const COMUNI = new URL('../../../packages/reference/data/comuni.csv', import.meta.url);

/**
 * The official examples of the WaaS OpenAPI v2.0.1, with the envelope the document gives them.
 * The 3-benefit and SINBA flows are `RispostaConFlussi` (whose SINBA envelope says `.PS.` while its
 * XML Nome says `.SINBA.`, as published); the 1-benefit flow is the `Flusso.flusso` schema example,
 * paired with the `Flusso.id_flusso` example.
 */
export const OFFICIAL_EXAMPLES = [
  { file: 'openapi-schema-example_PS_PSA_SINA_1prestazione.xml', id_flusso: 'H501.PS.20160423.0000001', tipo: 'PS_PSA_SINA' },
  { file: 'openapi-example-1_PS_PSA_SINA_3prestazioni.xml', id_flusso: 'H501.PS.20210520.0000002', tipo: 'PS_PSA_SINA' },
  { file: 'openapi-example-2_SINBA.xml', id_flusso: 'H501.PS.20210520.00000004', tipo: 'SINBA' },
] as const satisfies ReadonlyArray<{ file: string; id_flusso: string; tipo: TipoFlusso }>;

/** The URL of an official example's XML file (packages/xsd/fixtures). */
export function exampleFile(file: string): URL {
  return new URL(file, FIXTURES);
}

interface Comune {
  istat: string;
  belfiore: string;
  name: string;
  region: string;
}

let comuni: Map<string, Comune> | undefined;

/** The current Comune with this Belfiore code (ISTAT list in packages/reference), or undefined. */
export function comuneByBelfiore(code: string): Comune | undefined {
  if (!comuni) {
    comuni = new Map();
    for (const line of readFileSync(COMUNI, 'utf8').split('\n').slice(1)) {
      const [istat, belfiore, name, , , , region] = line.trim().split(',');
      if (istat && belfiore && name && region) comuni.set(belfiore, { istat, belfiore, name, region });
    }
  }
  return comuni.get(code);
}

/** Benefits of the nomenclatore valid since 2015 with no end (packages/reference/data/benefit-codes.csv). */
const BENEFITS = [
  { code: 'A1.04', label: 'Contributi economici a integrazione del reddito Familiare', area: '3', isee: true, euros: [100, 500] },
  { code: 'A1.05', label: 'Contributi economici per alloggio', area: '3', isee: true, euros: [150, 450] },
  { code: 'A1.11', label: "Assegnazioni economiche per il sostegno della domiciliarità e dell'autonomia personale", area: '2', isee: true, euros: [200, 800] },
  { code: 'A1.12', label: 'Contributi e integrazioni a rette per accesso a centri Diurni', area: '2', isee: true, euros: [100, 600] },
  { code: 'A1.16', label: 'Contributi economici per servizio trasporto e mobilità', area: '2', isee: false, euros: [30, 150] },
  { code: 'A2.07', label: 'Assistenza domiciliare socio-assistenziale', area: '2', isee: true, euros: [150, 900], hours: true },
] as const;

const SURNAMES = ['ROSSI', 'RUSSO', 'FERRARI', 'ESPOSITO', 'BIANCHI', 'ROMANO', 'COLOMBO', 'RICCI', 'MARINO', 'GRECO', 'BRUNO', 'GALLO', 'CONTI', 'DE LUCA', 'MANCINI', 'COSTA', 'GIORDANO', 'RIZZO', 'LOMBARDI', 'MORETTI', "D'ANGELO", 'FONTANA'];
const NAMES = {
  M: ['MARCO', 'GIUSEPPE', 'LUCA', 'ANTONIO', 'FRANCESCO', 'GIOVANNI', 'ROBERTO', 'ANDREA', 'STEFANO', 'PAOLO', 'SALVATORE', 'VINCENZO'],
  F: ['MARIA', 'ANNA', 'GIULIA', 'FRANCESCA', 'LAURA', 'ELENA', 'SARA', 'CHIARA', 'ROSA', 'PAOLA', 'TERESA', 'LUCIA'],
} as const;
/** Belfiore codes of large Comuni, for birthplaces away from the ente. */
const BIRTHPLACES = ['H501', 'F205', 'F839', 'L219', 'A662', 'G273', 'D612', 'A944', 'L736', 'D969', 'C351', 'L424'];

const DEFAULT_START = '2025-06-02T08:00:00.000Z';

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function element(name: string, attributes: Record<string, string | undefined>, close = true): string {
  const text = Object.entries(attributes).filter(([, value]) => value !== undefined).map(([key, value]) => ` ${key}="${escapeXml(value ?? '')}"`).join('');
  return `<${name}${text}${close ? '/' : ''}>`;
}

function euro(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

function randomDate(random: Random, fromYear: number, toYear: number): string {
  const year = random.int(fromYear, toYear);
  const month = random.int(1, 12);
  return dateOf(year, month, random.int(1, daysInMonth(year, month)));
}

function personOf(random: Random, options: { birthYears: [number, number]; birthPlaces: readonly string[] }) {
  const sex = random.pick(['M', 'F'] as const);
  const surname = random.pick(SURNAMES);
  const name = random.pick(NAMES[sex]);
  const born = randomDate(random, ...options.birthYears);
  const birthPlace = random.pick(options.birthPlaces);
  return { sex, surname, name, born, birthPlace, taxCode: composeCodiceFiscale({ surname, name, sex, born, birthPlace }) };
}

function enteOf(enteCode: string): Comune {
  const comune = comuneByBelfiore(enteCode);
  if (!/^[A-Z][0-9]{3}$/.test(enteCode) || !comune) {
    throw new Error(`${enteCode} is not the Belfiore code of a current Comune (e.g. H501 for Roma); codice_ente must match ^[A-Z][0-9]{3}$.`);
  }
  return comune;
}

/** `H501.PS.20250107.00000001`: ente, kind (PS or SINBA), creation date, daily progressive. */
function flowId(enteCode: string, tipo: TipoFlusso, date: string, progressive: number): string {
  return `${enteCode}.${tipo === 'SINBA' ? 'SINBA' : 'PS'}.${date.replace(/-/g, '')}.${String(progressive).padStart(8, '0')}`;
}

/**
 * The XML of generated flow number `index` of an ente: one Beneficiario with one PrestazioniSociali,
 * valid against PS_PSA_SINA201812.xsd and the hub's rules R1-R10 and REF. An invented person (the
 * codice fiscale composed from name, sex, birth date and place, check character included) resident
 * in the ente's Comune; a periodic benefit (CaratterePrestazione 1) of the nomenclatore, not taken
 * in charge (PresaCarico 2), that started before `created` (the flow's date), ends within its
 * start year when it ends, and whose quotas, when given, add up to ImportoMensile. A means-tested
 * benefit carries the DSU the ISEE mock has for the person on the start date, when there is one.
 */
export function generatedFlowXml(options: { enteCode: string; seed: string; index: number; id: string; created: string }): string {
  const ente = enteOf(options.enteCode);
  const operator = personOf(new Random(`${options.seed}|${ente.belfiore}|operatore`), { birthYears: [1960, 1990], birthPlaces: [ente.belfiore] });
  const random = new Random(`${options.seed}|${ente.belfiore}|flow|${options.index}`);
  const createdYear = yearOf(options.created);
  const person = personOf(random, { birthYears: [1935, createdYear - 18], birthPlaces: [ente.belfiore, ente.belfiore, ...BIRTHPLACES] });
  const benefit = random.pick(BENEFITS);

  const start = addDays(options.created, -random.int(0, 90));
  const startYear = yearOf(start);
  let end: string | undefined;
  let months: number | undefined;
  if (random.chance(0.6)) {
    const daysLeft = Math.round((Date.parse(`${startYear}-12-31`) - Date.parse(start)) / 86_400_000);
    end = addDays(start, random.int(Math.min(daysLeft, 27), daysLeft));
    months = Number(end.slice(5, 7)) - Number(start.slice(5, 7)) + 1;
  }
  const total = random.int(benefit.euros[0] * 100, benefit.euros[1] * 100);
  let quotas: { ente?: number; utente?: number; ssn?: number } = {};
  if (random.chance(0.5)) {
    const ssn = random.chance(0.3) ? Math.round(total * (0.1 + random.next() * 0.2)) : 0;
    const enteShare = Math.round((total - ssn) * (0.5 + random.next() * 0.4));
    quotas = { ente: enteShare, utente: total - ssn - enteShare, ...(ssn > 0 ? { ssn } : {}) };
  }
  const dsu = benefit.isee ? validOn(person.taxCode, start, options.created) : null;

  const prestazione = element('PrestazioniSociali', {
    TipoOperazione: 'I',
    PresenzaProvaMezzi: dsu ? '1' : benefit.isee ? '2' : '4',
    CaratterePrestazione: '1',
    NumeroProtocolloDSU: dsu?.protocolloDsu,
    AnnoProtocolloDSU: dsu ? String(dsu.annoProtocollo) : undefined,
    DataDSU: dsu?.dataPresentazione,
    CodicePrestazione: benefit.code,
    DenominazionePrestazione: benefit.label,
    ProtocolloDomanda: `${startYear}/${String(random.int(1, 999_999)).padStart(6, '0')}`,
    DataEvento: addDays(start, -random.int(5, 60)),
    DataInizioPrestazione: start,
    DataFinePrestazione: end,
    PeriodoErogazione: months === undefined ? undefined : String(months),
    ImportoMensile: euro(total),
    ImportoQuotaEnte: quotas.ente === undefined ? undefined : euro(quotas.ente),
    ImportoQuotaUtente: quotas.utente === undefined ? undefined : euro(quotas.utente),
    ImportoQuotaSSN: quotas.ssn === undefined ? undefined : euro(quotas.ssn),
    OreServizioMensile: 'hours' in benefit ? `${random.int(8, 60)}.${random.pick(['00', '50'])}` : undefined,
    PresaCarico: '2',
    AreaUtenza: benefit.area,
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Flusso xmlns="http://inps.it/Casellario">',
    `  ${element('IdentificazioneFlusso', { Nome: options.id }, false)}`,
    `    ${element('Ente', { Codice: ente.belfiore, Denominazione: `Comune di ${ente.name}`, Indirizzo: ente.belfiore, CFOperatore: operator.taxCode })}`,
    '  </IdentificazioneFlusso>',
    `  ${element('Beneficiario', { CodiceFiscale: person.taxCode }, false)}`,
    `    ${element('Anagrafica', { Cognome: person.surname, Nome: person.name, AnnoNascita: person.born.slice(0, 4), LuogoNascita: person.birthPlace, Genere: person.sex === 'M' ? '1' : '2', CodiceCittadinanza: '380' })}`,
    `    ${element('Indirizzo', { CodiceRegione: ente.region, CodiceComune: ente.istat, CodiceNazione: '380' })}`,
    `    ${prestazione}`,
    '  </Beneficiario>',
    '</Flusso>',
    '',
  ].join('\n');
}

function envelope(ente: Comune, id: string, tipo: TipoFlusso, ts: number, bytes: Buffer): Flusso {
  return { codice_ente: ente.belfiore, denominazione_ente: `Comune di ${ente.name}`, id_flusso: id, tipo, ts_flusso: new Date(ts).toISOString(), flusso: bytes.toString('base64') };
}

/**
 * A Comune's outbox of flows for INPS, in ts_flusso order (strictly increasing, to the
 * millisecond): what `GET /flussi` pages through. Built by `createOutbox`; `append` adds a flow at
 * the end, `reset` drops the appended ones.
 */
export class Outbox {
  readonly enteCode: string;
  readonly #ente: Comune;
  readonly #initial: readonly OutboxFlow[];
  #flows: OutboxFlow[];

  constructor(enteCode: string, initial: readonly OutboxFlow[]) {
    this.enteCode = enteCode;
    this.#ente = enteOf(enteCode);
    this.#initial = initial;
    this.#flows = [...initial];
  }

  /** Every flow, oldest first. */
  get flows(): readonly OutboxFlow[] {
    return this.#flows;
  }

  /** Up to `limit` flows with ts_flusso after `since` (ms), oldest first: the answer of GET /flussi. */
  since(since: number, limit: number): Flusso[] {
    return this.#flows.filter((flow) => flow.ts > since).slice(0, limit).map((flow) => flow.flusso);
  }

  /** The flow with this id and ts_flusso (ms), as an esito names it. */
  find(idFlusso: string, ts: number): OutboxFlow | undefined {
    return this.#flows.find((flow) => flow.flusso.id_flusso === idFlusso && flow.ts === ts);
  }

  /** Appends a flow with the next ts_flusso: `now`, or 1 ms after the last flow if that is later. */
  append(flow: NewFlow, now: Date): OutboxFlow {
    const last = this.#flows.at(-1)?.ts ?? Number.NEGATIVE_INFINITY;
    const ts = Math.max(now.getTime(), last + 1);
    const nome = /<IdentificazioneFlusso\b[^>]*\bNome="([^"]{1,64})"/.exec(flow.xml)?.[1];
    const id = flow.id_flusso ?? nome ?? this.#nextId(flow.tipo, italianDate(new Date(ts)));
    const added: OutboxFlow = { flusso: envelope(this.#ente, id, flow.tipo, ts, Buffer.from(flow.xml, 'utf8')), xml: flow.xml, ts, origin: 'appended' };
    this.#flows.push(added);
    return added;
  }

  /** Back to the flows it was built with. */
  reset(): void {
    this.#flows = [...this.#initial];
  }

  #nextId(tipo: TipoFlusso, date: string): string {
    const prefix = flowId(this.enteCode, tipo, date, 0).slice(0, -8);
    const taken = this.#flows.filter((flow) => flow.flusso.id_flusso.startsWith(prefix)).length;
    return flowId(this.enteCode, tipo, date, taken + 1);
  }
}

/**
 * A Comune's outbox, the same for the same options in every process: the official INPS examples
 * (when included; an hour apart, ending an hour before `start`, byte for byte the published XML),
 * then `generated` flows from `seed`, 15 minutes to 3 hours apart from `start`. Generated flow
 * number i does not depend on how many follow it or on the examples. Throws for an ente code that
 * is not a current Comune's Belfiore code.
 */
export function createOutbox(options: OutboxOptions = {}): Outbox {
  const enteCode = options.enteCode ?? 'H501';
  const ente = enteOf(enteCode);
  const seed = options.seed ?? 'waas';
  const start = new Date(options.start ?? DEFAULT_START).getTime();
  if (!Number.isFinite(start)) throw new Error(`start ${String(options.start)} is not a date-time.`);
  const flows: OutboxFlow[] = [];
  if (options.includeExamples ?? enteCode === 'H501') {
    const roma = enteOf('H501');
    OFFICIAL_EXAMPLES.forEach((example, i) => {
      const bytes = readFileSync(exampleFile(example.file));
      const ts = start - (OFFICIAL_EXAMPLES.length - i) * 3_600_000;
      flows.push({ flusso: envelope(roma, example.id_flusso, example.tipo, ts, bytes), xml: bytes.toString('utf8'), ts, origin: 'example' });
    });
  }
  const gaps = new Random(`${seed}|${ente.belfiore}|gaps`);
  const perDay = new Map<string, number>();
  let ts = start;
  for (let index = 0; index < (options.generated ?? 20); index++) {
    if (index > 0) ts += gaps.int(15 * 60_000, 180 * 60_000) + gaps.int(0, 999);
    const created = italianDate(new Date(ts));
    const progressive = (perDay.get(created) ?? 0) + 1;
    perDay.set(created, progressive);
    const id = flowId(enteCode, 'PS_PSA_SINA', created, progressive);
    const xml = generatedFlowXml({ enteCode, seed, index, id, created });
    flows.push({ flusso: envelope(ente, id, 'PS_PSA_SINA', ts, Buffer.from(xml, 'utf8')), xml, ts, origin: 'generated' });
  }
  return new Outbox(enteCode, flows);
}
