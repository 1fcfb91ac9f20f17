// Deterministic generator of realistic PS flows (XML or CSV) for tests and benchmarks: records are
// produced and written on the fly, so a 1,000,000-record flow never sits in memory.
import { escapeXml, PS_CSV_COLUMNS } from './flow-csv.ts';
import type { FlowEnvelope } from './flow-types.ts';

/** XSD defects the generator can put in a record, one per record, each caught by the XSD. */
export const XSD_DEFECTS = ['bad-enum', 'bad-decimal', 'bad-date', 'too-long', 'missing-required', 'unknown-attribute', 'six-indirizzi'] as const;
export type XsdDefect = (typeof XSD_DEFECTS)[number];

export interface GeneratorOptions {
  name: string;
  ente: FlowEnvelope['ente'];
  records: number;
  /** Same seed, same flow (default 1). */
  seed?: number;
  /** Records n, 2n, 3n... (1-based) get an XSD defect, cycling through XSD_DEFECTS; 0/absent = all valid. */
  invalidEvery?: number;
  /** Defects for given record indexes (0-based); they win over invalidEvery. */
  defects?: Readonly<Record<number, XsdDefect>>;
  /** CSV only: `;` (default) or `,`. */
  delimiter?: ';' | ',';
}

// Nomenclatore codes valid from 2015 with no end date (packages/reference/data/benefit-codes.csv), with their labels.
const BENEFITS: ReadonlyArray<readonly [string, string]> = [
  ['A1.01', 'Assegno per il nucleo familiare erogati dai comuni'], ['A1.02', 'Assegno Maternità erogato dai Comuni'], ['A1.03', 'Carta acquisti'],
  ['A1.04', 'Contributi economici a integrazione del reddito Familiare'], ['A1.05', 'Contributi economici per alloggio'], ['A1.06', 'Buoni spesa o buoni pasto'],
  ['A1.07', 'Contributi e integrazioni a rette per asili nido'], ['A1.09', 'Contributi economici per i servizi scolastici'],
  ['A1.10', 'Contributi economici per cure o prestazioni sociali a rilevanza sanitaria'],
  ['A1.11', "Assegnazioni economiche per il sostegno della domiciliarità e dell'autonomia personale"],
  ['A1.12', 'Contributi e integrazioni a rette per accesso a centri Diurni'], ['A1.14', 'Contributi e integrazioni a rette per accesso a servizi Residenziali'],
  ['A1.15', 'Contributi per servizi alla persona'], ['A1.16', 'Contributi economici per servizio trasporto e mobilità'], ['A1.19', 'Borse di studio'],
  ['A2.01', 'Mensa sociale'], ['A2.02', 'Sostegno socio-educativo territoriale o domiciliare'],
  ['A2.05', 'Agevolazioni per i servizi di pubblica utilità (telefono, luce, gas)'], ['A2.06', 'Agevolazioni tributarie comunali (nettezza urbana, ecc.)'],
  ['A2.07', 'Assistenza domiciliare socio-assistenziale'], ['A2.08', 'A.D.I.- Assistenza domiciliare integrata con servizi Sanitari'],
  ['A2.12', 'Mensa scolastica'], ['A2.16', 'Interventi di supporto per reperimento alloggi'], ['A3.02', 'Strutture residenziali'], ['A3.03', 'Asilo Nido'],
];
const SINA_NEEDS = ['A1.04', 'A1.10', 'A1.11', 'A1.12', 'A1.14', 'A1.15', 'A1.16', 'A2.07', 'A2.08', 'A3.02'];
const SURNAMES = ['ROSSI', 'RUSSO', 'FERRARI', 'ESPOSITO', 'BIANCHI', 'ROMANO', 'COLOMBO', 'RICCI', 'MARINO', 'GRECO', 'BRUNO', 'GALLO', 'CONTI', 'DE LUCA', 'MANCINI', 'COSTA', 'GIORDANO', 'RIZZO', 'LOMBARDI', 'MORETTI'];
const MALE = ['MARIO', 'GIUSEPPE', 'ANTONIO', 'LUCA', 'MARCO', 'FRANCESCO', 'GIOVANNI', 'ANDREA', 'PAOLO', 'STEFANO'];
const FEMALE = ['MARIA', 'ANNA', 'GIULIA', 'FRANCESCA', 'SARA', 'CHIARA', 'LAURA', 'ELENA', 'PAOLA', 'SILVIA'];
/** Belfiore, ISTAT code and region (ISTAT) of some Comuni, from packages/reference/data/comuni.csv. */
const COMUNI: ReadonlyArray<readonly [string, string, string]> = [
  ['H501', '058091', '12'], ['F205', '015146', '03'], ['F839', '063049', '15'], ['L219', '001272', '01'], ['G273', '082053', '19'],
  ['A662', '072006', '16'], ['D612', '048017', '09'], ['A944', '037006', '08'], ['L736', '027042', '05'], ['C351', '087015', '19'],
];
const ROMA = COMUNI[0] as readonly [string, string, string];
const MONTHS = 'ABCDEHLMPRST';

// Check character of a personal codice fiscale (DM 23/12/1976): odd positions by table, even by value.
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
function cfValue(ch: string, odd: boolean): number {
  const code = ch.charCodeAt(0);
  const n = code <= 57 ? code - 48 : code - 65;
  return odd ? (ODD[n] ?? 0) : n;
}

/** The check character (16th) of the first 15 characters of a personal codice fiscale. */
export function checkCharacter(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) sum += cfValue(first15.charAt(i), i % 2 === 0);
  return String.fromCharCode(65 + (sum % 26));
}

function letters(text: string, vowels: boolean): string[] {
  return [...text.toUpperCase()].filter((c) => /[A-Z]/.test(c) && /[AEIOU]/.test(c) === vowels);
}

/** A personal codice fiscale by the DM 23/12/1976 rules (no omocodia), with its check character. */
export function codiceFiscale(surname: string, name: string, female: boolean, born: string, belfiore: string): string {
  const s = [...letters(surname, false), ...letters(surname, true), 'X', 'X', 'X'].slice(0, 3).join('');
  const c = letters(name, false);
  const n = c.length >= 4 ? `${c[0]}${c[2]}${c[3]}` : [...c, ...letters(name, true), 'X', 'X', 'X'].slice(0, 3).join('');
  const [year = '', month = '', day = ''] = born.split('-');
  const first15 = `${s}${n}${year.slice(2)}${MONTHS.charAt(Number(month) - 1)}${String(Number(day) + (female ? 40 : 0)).padStart(2, '0')}${belfiore}`;
  return first15 + checkCharacter(first15);
}

/** mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Attributes = Array<[string, string]>;

interface GeneratedPerson {
  codiceFiscale: string;
  anagrafica: Attributes;
  indirizzi: Attributes[];
}

interface GeneratedBenefit {
  index: number;
  defect: XsdDefect | undefined;
  prestazione: Attributes;
  sina?: { attributes: Attributes; necessita?: string[]; invalidita?: string[] };
}

const BENEFICIARY_DEFECTS: ReadonlySet<XsdDefect> = new Set(['too-long', 'six-indirizzi']);
const pad = (n: number): string => String(n).padStart(2, '0');
const money = (cents: number): string => `${Math.floor(cents / 100)}.${pad(cents % 100)}`;

/** The defect of record `index`, if any. */
function defectOf(options: GeneratorOptions, index: number): XsdDefect | undefined {
  const explicit = options.defects?.[index];
  if (explicit !== undefined) return explicit;
  const every = options.invalidEvery ?? 0;
  if (every > 0 && (index + 1) % every === 0) return XSD_DEFECTS[((index + 1) / every - 1) % XSD_DEFECTS.length];
  return undefined;
}

/** Beneficiaries with 1 to 3 benefits each, until `records` benefits; deterministic for a seed. */
function* beneficiaries(options: GeneratorOptions): Generator<{ person: GeneratedPerson; benefits: GeneratedBenefit[] }> {
  const rnd = random(options.seed ?? 1);
  const pickOf = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const int = (min: number, max: number): number => min + Math.floor(rnd() * (max - min + 1));
  let index = 0;
  while (index < options.records) {
    const r = rnd();
    let count = Math.min(r < 0.6 ? 1 : r < 0.9 ? 2 : 3, options.records - index);
    for (let j = 0; j < count; j++) {
      const defect = defectOf(options, index + j);
      if (defect !== undefined && BENEFICIARY_DEFECTS.has(defect)) {
        count = j === 0 ? 1 : j;
        break;
      }
    }
    const female = rnd() < 0.55;
    const surname = pickOf(SURNAMES);
    const name = pickOf(female ? FEMALE : MALE);
    const year = int(1930, 2015);
    const month = int(1, 12);
    const day = int(1, 28);
    const born = `${year}-${pad(month)}-${pad(day)}`;
    const birthplace = pickOf(COMUNI);
    const personDefect = defectOf(options, index);
    const anagrafica: Attributes = [
      ['Cognome', personDefect === 'too-long' ? 'MONTECATINI DI VALDELSA E SAN GIMIGNANO' : surname],
      ['Nome', name],
      ['AnnoNascita', String(year)],
      ['LuogoNascita', birthplace[0]],
      ['Genere', female ? '2' : '1'],
      ['CodiceCittadinanza', '380'],
    ];
    const home: Attributes = [['CodiceRegione', ROMA[2]], ['CodiceComune', ROMA[1]], ['CodiceNazione', '380']];
    const indirizzi = [home];
    if (rnd() < 0.05) {
      const other = pickOf(COMUNI);
      indirizzi.push([['CodiceRegione', other[2]], ['CodiceComune', other[1]], ['CodiceNazione', '380']]);
    }
    if (personDefect === 'six-indirizzi') while (indirizzi.length < 6) indirizzi.push(home);
    const person: GeneratedPerson = { codiceFiscale: codiceFiscale(surname, name, female, born, birthplace[0]), anagrafica, indirizzi };
    const benefits: GeneratedBenefit[] = [];
    for (let j = 0; j < count; j++, index++) {
      const defect = defectOf(options, index);
      const [code, label] = pickOf(BENEFITS);
      const periodic = defect === 'bad-decimal' || defect === 'bad-date' || rnd() < 0.7;
      const isee = rnd() < 0.45;
      const takenInCharge = rnd() < 0.4;
      const area = takenInCharge ? String(int(1, 3)) : undefined;
      const startMonth = int(1, 10);
      const start = `2024-${pad(startMonth)}-${pad(int(1, 28))}`;
      const total = int(50, 900) * 100 + int(0, 99);
      const ente = Math.max(1, Math.round(total * (0.5 + rnd() * 0.5)));
      const remainder = total - ente;
      const ssn = remainder > 0 && rnd() < 0.3 ? remainder : 0;
      const p: Attributes = [['TipoOperazione', 'I'], ['PresenzaProvaMezzi', isee ? '1' : String(int(2, 4))], ['CaratterePrestazione', periodic ? '1' : '2']];
      if (isee) p.push(['NumeroProtocolloDSU', `INPS-ISEE-2024-${String(int(1, 99999999)).padStart(8, '0')}A-00`], ['AnnoProtocolloDSU', '2024'], ['DataDSU', `2024-01-${pad(int(2, 28))}`]);
      p.push(['CodicePrestazione', code], ['DenominazionePrestazione', label], ['ProtocolloDomanda', `PG/2024/${String(index + 1).padStart(7, '0')}`], ['DataEvento', start]);
      if (periodic) {
        p.push(['DataInizioPrestazione', defect === 'bad-date' ? '2024-02-30' : start]);
        if (rnd() < 0.5) p.push(['DataFinePrestazione', `2024-12-${pad(int(1, 31))}`]);
        p.push(['PeriodoErogazione', String(int(1, 13 - startMonth))], ['ImportoMensile', defect === 'bad-decimal' ? money(total).replace('.', ',') : money(total)]);
      } else {
        p.push(['DataErogazionePrestazione', start], ['ImportoPrestazione', money(total)]);
      }
      p.push(['ImportoQuotaEnte', money(ente)], ['ImportoQuotaUtente', money(remainder - ssn)]);
      if (ssn > 0) p.push(['ImportoQuotaSSN', money(ssn)]);
      if (isee && rnd() < 0.5) p.push(['ImportoSogliaISEE', `${int(6, 40)}000.00`]);
      if (code.startsWith('A2.') && rnd() < 0.5) p.push(['OreServizioMensile', `${int(2, 60)}.5`]);
      p.push(['PresaCarico', defect === 'bad-enum' ? '3' : takenInCharge ? '1' : '2']);
      if (area !== undefined) p.push(['AreaUtenza', area]);
      if (defect === 'missing-required') p.splice(p.findIndex(([n]) => n === 'ProtocolloDomanda'), 1);
      if (defect === 'unknown-attribute') p.push(['Colore', '1']);
      const benefit: GeneratedBenefit = { index, defect, prestazione: p };
      if (takenInCharge && (area === '2' || rnd() < 0.25)) {
        const invalidita = rnd() < 0.6 ? [String(int(1, 4)), String(int(5, 8))] : undefined;
        benefit.sina = {
          attributes: [
            ['Mobilita', String(int(1, 3))], ['AttivitaVitaQuotidiana', String(int(1, 3))], ['DisturbiAreaCognitiva', String(int(1, 3))],
            ['DisturbiComportamentali', String(int(1, 2))], ['NecessitaCureSanitarie', String(int(1, 3))], ['AreaReddituale', String(int(1, 3))],
            ['AreaSupporto', String(int(1, 3))], ['FonteDerivazioneValutazione', String(int(1, 4))], ['StrumentoValutazione', String(int(1, 7))],
            ...(invalidita === undefined ? [] : ([['FonteDerivazioneInvalidita', String(int(1, 2))]] as Attributes)),
          ],
          necessita: [pickOf(SINA_NEEDS), ...(rnd() < 0.4 ? [pickOf(SINA_NEEDS)] : [])],
          ...(invalidita === undefined ? {} : { invalidita }),
        };
      }
      benefits.push(benefit);
    }
    yield { person, benefits };
  }
}

const attrs = (list: Attributes): string => list.map(([n, v]) => ` ${n}="${escapeXml(v)}"`).join('');
const CHUNK = 1 << 16;

/**
 * A PS flow as XML string chunks of about 64 KiB, pretty-printed like the official examples.
 * Records are valid against the XSD and the hub's rules R1-R10 and REF (real codici fiscali,
 * residence in Roma 058091, nomenclatore codes valid in 2024, periodic benefits with start date
 * and monthly amount, quotas that add up) except the chosen defects. Deterministic for a seed.
 */
export async function* generatePsFlowXml(options: GeneratorOptions): AsyncGenerator<string> {
  const e = options.ente;
  const ente: Attributes = [['Codice', e.Codice], ...(e.Denominazione === undefined ? [] : ([['Denominazione', e.Denominazione]] as Attributes)), ['Indirizzo', e.Indirizzo], ['CFOperatore', e.CFOperatore]];
  let out = `<?xml version="1.0" encoding="UTF-8"?>\n<Flusso xmlns="http://inps.it/Casellario">\n  <IdentificazioneFlusso Nome="${escapeXml(options.name)}">\n    <Ente${attrs(ente)}/>\n  </IdentificazioneFlusso>\n`;
  for (const { person, benefits } of beneficiaries(options)) {
    out += `  <Beneficiario CodiceFiscale="${person.codiceFiscale}">\n    <Anagrafica${attrs(person.anagrafica)}/>\n`;
    for (const indirizzo of person.indirizzi) out += `    <Indirizzo${attrs(indirizzo)}/>\n`;
    for (const b of benefits) {
      if (b.sina === undefined) {
        out += `    <PrestazioniSociali${attrs(b.prestazione)}/>\n`;
        continue;
      }
      out += `    <PrestazioniSociali${attrs(b.prestazione)}>\n      <SINA${attrs(b.sina.attributes)}>\n`;
      if (b.sina.necessita !== undefined) {
        out += '        <NecessitaInterventiSociali>\n';
        for (const code of b.sina.necessita) out += `          <CodicePrestazione>${escapeXml(code)}</CodicePrestazione>\n`;
        out += '        </NecessitaInterventiSociali>\n';
      }
      if (b.sina.invalidita !== undefined) {
        out += '        <InvaliditaCivile>\n';
        for (const code of b.sina.invalidita) out += `          <InvCiv>${escapeXml(code)}</InvCiv>\n`;
        out += '        </InvaliditaCivile>\n';
      }
      out += '      </SINA>\n    </PrestazioniSociali>\n';
    }
    out += '  </Beneficiario>\n';
    if (out.length >= CHUNK) {
      yield out;
      out = '';
    }
  }
  yield `${out}</Flusso>\n`;
}

const CSV_COLUMNS = PS_CSV_COLUMNS.filter((c) => !/[3-5]$/.test(c));

/**
 * The same records as generatePsFlowXml (same options, same seed) as a PS CSV: header of XSD
 * attribute names, one row per benefit, SINA code lists joined with `|`. Defects that CSV cannot
 * express (unknown-attribute, six-indirizzi) are left out: those records stay valid.
 */
export async function* generatePsFlowCsv(options: GeneratorOptions): AsyncGenerator<string> {
  const d = options.delimiter ?? ';';
  const needsQuotes = new RegExp(`[${d}"\\r\\n]`);
  const cell = (value: string | undefined): string => (value === undefined ? '' : needsQuotes.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const position = new Map(CSV_COLUMNS.map((c, i) => [c, i]));
  let out = `${CSV_COLUMNS.join(d)}\n`;
  for (const { person, benefits } of beneficiaries(options)) {
    const base: Array<string | undefined> = new Array<string | undefined>(CSV_COLUMNS.length).fill(undefined);
    const set = (row: Array<string | undefined>, column: string, value: string): void => {
      const i = position.get(column);
      if (i !== undefined) row[i] = value;
    };
    set(base, 'CodiceFiscale', person.codiceFiscale);
    for (const [n, v] of person.anagrafica) set(base, n, v);
    person.indirizzi.slice(0, 2).forEach((indirizzo, k) => {
      for (const [n, v] of indirizzo) set(base, k === 0 ? n : `${n}${k + 1}`, v);
    });
    for (const b of benefits) {
      const row = base.slice();
      for (const [n, v] of b.prestazione) set(row, n, v);
      if (b.sina !== undefined) {
        for (const [n, v] of b.sina.attributes) set(row, n, v);
        if (b.sina.necessita !== undefined) set(row, 'NecessitaInterventiSociali', b.sina.necessita.join('|'));
        if (b.sina.invalidita !== undefined) set(row, 'InvaliditaCivile', b.sina.invalidita.join('|'));
      }
      out += `${row.map(cell).join(d)}\n`;
    }
    if (out.length >= CHUNK) {
      yield out;
      out = '';
    }
  }
  yield out;
}
