// A realistic SIUSS dataset of any size, loaded with COPY into a migrated hub database: persons with
// valid codici fiscali living in real Comuni (weighted by population), PS/PSA benefits over the
// nomenclatore with periodic and one-off mixes, SINA assessments for about a fifth of them, and
// SIOSS declarations of 20 Ambiti written through the offering subgraph's own GraphQL mutations.
// Rows are produced person by person and streamed: memory stays bounded whatever the size.
import { performance } from 'node:perf_hooks';
import type { Writable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { AuditSink } from '@siuss/audit/writer';
import { createLogger } from '@siuss/logging/logger';
import { allComuni, type Comune } from '@siuss/reference/comuni';
import { benefitCodeOn } from '@siuss/reference/nomenclatore';
import { checkCharacter, composeCodiceFiscale } from '@siuss/scalars/codice-fiscale';
import { formatCents, parseMoney } from '@siuss/scalars/money';
import { trustedViewer, type Viewer } from '@siuss/service/viewer';
import { createOrm as createAssessmentsOrm, migrateAssessments } from '@siuss/subgraph-assessments/orm';
import { fingerprint as sinaFingerprint } from '@siuss/subgraph-assessments/sina-batch';
import type { SinaAttributes, SinaRecord } from '@siuss/subgraph-assessments/record';
import { validateSinaRecord } from '@siuss/subgraph-assessments/sina-validation';
import { benefitData, fingerprint } from '@siuss/subgraph-benefits/columns';
import { createOrm as createBenefitsOrm, migrateBenefits } from '@siuss/subgraph-benefits/orm';
import { createOrm as createOfferingOrm, migrateOffering } from '@siuss/subgraph-offering/orm';
import type { EnteAttributes, PrestazioneAttributes, PsRecord } from '@siuss/subgraph-benefits/record';
import { validatePsRecord } from '@siuss/subgraph-benefits/validation';
import { createOfferingServer } from '@siuss/subgraph-offering/server';

export interface DatasetOptions { persons: number; benefits: number; seed?: number; onProgress?: (line: string) => void }

export interface DatasetSummary {
  persons: number; benefits: number; sinaAssessments: number; siossDeclarations: number; seconds: number;
  /** Persons whose position holds exactly 1, 10 and 100 benefits (all from ONE ente, `ente.code`), for the SQL-per-request and latency benchmarks. */
  samples: { position1: string; position10: string; position100: string; /** a typical person (a few benefits, some with SINA) */ typical: string };
  /** An ente with at least 50 persons having ACTIVE benefits, for the ente-listing benchmark. */
  ente: { code: string; activeBenefits: number };
}

/** One step of a load: a table's COPY or a phase (indexes, ANALYZE, SIOSS). */
export interface DatasetStep { name: string; rows: number; seconds: number }

/** What loadDatasetReport adds to the summary: the steps' timings and what the CLI's verification needs. */
export interface DatasetReport extends DatasetSummary {
  steps: DatasetStep[];
  /** Active benefits (and SINA) of the sample persons, as generated. */
  expected: { position1: number; position10: number; position100: number; typicalBenefits: number; typicalSina: number };
  /** One of position10's benefits as the ente sent it, with its hub id: sending it again must be UNCHANGED. */
  probe: { record: PsRecord; benefitId: string };
  /** Index and constraint definitions differed after the load from what the migrations made (empty when equal). */
  schemaDrift: string[];
}

const MIN_BENEFITS_EXTRA = 115; // the samples' 100 + 10 + 1 + 4

/** Loads a dataset into an already migrated database (benefits, assessments, offering schemas) with COPY. */
export async function loadDataset(databaseUrl: string, options: DatasetOptions): Promise<DatasetSummary> {
  return loadDatasetReport(databaseUrl, options);
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A 32-bit mix of the seed and a stream number, so each person and ente has its own sequence. */
function mix(seed: number, stream: number): number {
  return fmix32(fmix32(seed ^ 0x9e3779b9) ^ Math.imul(stream >>> 0, 0x27d4eb2f) ^ (stream / 0x100000000));
}

/** sfc32 (128-bit state, seeded from the stream's mix), so the sequences of different streams do not overlap. */
class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 12; i += 1) this.next();
  }
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }
  int(min: number, max: number): number { return min + Math.floor(this.next() * (max - min + 1)); }
  pick<T>(list: readonly T[]): T { return list[Math.floor(this.next() * list.length)] as T; }
  chance(p: number): boolean { return this.next() < p; }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex2 = (n: number): string => HEX[n & 255] as string;
const hex8 = (n: number): string => hex2(n >>> 24) + hex2(n >>> 16) + hex2(n >>> 8) + hex2(n);

/**
 * The n-th id of a kind, shaped as an RFC 4122 version-4 UUID: the first 32 bits are a bijection of
 * n (fmix32), so ids of one kind never collide; the rest are hashes, so they look random.
 */
function uuidOf(seed: number, kind: number, n: number): string {
  const w0 = fmix32((n ^ mix(seed, kind)) >>> 0);
  const w1 = fmix32(w0 ^ 0x68e31da4);
  const w2 = fmix32((w1 + kind) >>> 0);
  const w3 = fmix32(w2 ^ seed);
  const v = 0x4000 | (w1 & 0xfff);
  const r = 0x8000 | (w2 & 0x3fff);
  return `${hex8(w0)}-${hex2(w1 >>> 24)}${hex2(w1 >>> 16)}-${hex2(v >>> 8)}${hex2(v)}-${hex2(r >>> 8)}${hex2(r)}-${hex2(w2 >>> 24)}${hex2(w2 >>> 16)}${hex8(w3)}`;
}

/** Id kinds: one counter each. */
const ID = { person: 1, benefit: 2, sina: 3, submission: 4, assessmentsSubmission: 5 } as const;

class Ids {
  private readonly counters = new Map<number, number>();
  private readonly seed: number;
  constructor(seed: number) { this.seed = seed; }
  next(kind: number): string {
    const n = this.counters.get(kind) ?? 0;
    this.counters.set(kind, n + 1);
    return uuidOf(this.seed, kind, n);
  }
}

/** Picks from weighted items by binary search over cumulative weights. */
class Weighted<T> {
  private readonly cumulative: Float64Array;
  private readonly total: number;
  private readonly items: readonly T[];
  constructor(items: readonly T[], weight: (item: T) => number) {
    this.items = items;
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    items.forEach((item, i) => { sum += weight(item); this.cumulative[i] = sum; });
    this.total = sum;
  }
  pick(rng: Rng): T {
    const target = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] as number) <= target) lo = mid + 1; else hi = mid;
    }
    return this.items[lo] as T;
  }
}

// ---------------------------------------------------------------------------------------------
// Reference tables of the generator

const SURNAMES = ['ROSSI', 'RUSSO', 'FERRARI', 'ESPOSITO', 'BIANCHI', 'ROMANO', 'COLOMBO', 'RICCI', 'MARINO', 'GRECO', 'BRUNO', 'GALLO', 'CONTI',
  'DE LUCA', 'MANCINI', 'COSTA', 'GIORDANO', 'RIZZO', 'LOMBARDI', 'MORETTI', 'BARBIERI', 'FONTANA', 'SANTORO', 'MARIANI', 'RINALDI', 'CARUSO',
  'FERRARA', 'GALLI', 'MARTINI', 'LEONE', 'LONGO', 'GENTILE', 'MARTINELLI', 'VITALE', 'LOMBARDO', 'SERRA', 'COPPOLA', 'DE SANTIS', "D'ANGELO",
  'MARCHETTI', 'PARISI', 'VILLA', 'CONTE', 'FERRO', 'FABBRI', 'BIANCO', 'MARINI', 'GRASSO', 'VALENTINI', 'MESSINA', 'SALA', 'DE ANGELIS',
  'GATTI', 'PELLEGRINI', 'PALUMBO', 'SANNA', 'FARINA', 'RIZZI', 'MONTI', 'CATTANEO', 'MORELLI', 'AMATO', 'SILVESTRI', 'MAZZA', 'TESTA'];
const MALE = ['MARIO', 'GIUSEPPE', 'ANTONIO', 'LUCA', 'MARCO', 'FRANCESCO', 'GIOVANNI', 'ANDREA', 'PAOLO', 'STEFANO', 'ALESSANDRO', 'LORENZO',
  'MATTEO', 'LEONARDO', 'SALVATORE', 'VINCENZO', 'ROBERTO', 'LUIGI', 'PIETRO', 'DOMENICO', 'ANGELO', 'CARLO', 'GIORGIO', 'RICCARDO', 'TOMMASO'];
const FEMALE = ['MARIA', 'ANNA', 'GIULIA', 'FRANCESCA', 'SARA', 'CHIARA', 'LAURA', 'ELENA', 'PAOLA', 'SILVIA', 'GIUSEPPINA', 'ROSA', 'ANGELA',
  'GIOVANNA', 'TERESA', 'LUCIA', 'CARMELA', 'SOFIA', 'AURORA', 'ALICE', 'MARTINA', 'VALENTINA', 'FEDERICA', 'ROBERTA', 'ANTONELLA'];
/** Foreign-state Belfiore codes (Agenzia Entrate "Z" table) with the ISO 3166 numeric citizenship. */
const FOREIGN: ReadonlyArray<readonly [belfiore: string, citizenship: string]> = [
  ['Z100', '008'], ['Z129', '642'], ['Z330', '504'], ['Z210', '156'], ['Z216', '608'], ['Z138', '804'], ['Z222', '356'], ['Z249', '050'],
  ['Z336', '818'], ['Z343', '686'], ['Z611', '604'], ['Z140', '498'],
];

interface CodeProfile {
  code: string;
  weight: number;
  /** Share of periodic records (CaratterePrestazione 1). */
  periodic: number;
  /** Euro ranges: monthly amount of a periodic record, amount of a one-off. */
  monthly: readonly [number, number];
  oneOff: readonly [number, number];
  /** Share with PresenzaProvaMezzi 1 (ISEE). */
  isee: number;
  /** Share taken in charge (PresaCarico 1) and the AreaUtenza then. */
  inCharge: number;
  area: '1' | '2' | '3';
  /** Ages (at the benefit date) the benefit is for. */
  ages: readonly [number, number];
  maxMonths?: number;
  ssn?: boolean;
  hours?: boolean;
  /** May carry a SINA (disability and dependency). */
  sina?: boolean;
  female?: boolean;
}

const PROFILES: readonly CodeProfile[] = [
  { code: 'A1.01', weight: 4, periodic: 1, monthly: [90, 270], oneOff: [500, 1500], isee: 1, inCharge: 0.1, area: '1', ages: [18, 65] },
  { code: 'A1.02', weight: 2, periodic: 0, monthly: [0, 0], oneOff: [1600, 2000], isee: 1, inCharge: 0.05, area: '1', ages: [18, 48], female: true },
  { code: 'A1.04', weight: 14, periodic: 0.3, monthly: [150, 500], oneOff: [150, 1500], isee: 0.85, inCharge: 0.5, area: '3', ages: [18, 95] },
  { code: 'A1.05', weight: 8, periodic: 0.4, monthly: [150, 400], oneOff: [300, 3000], isee: 0.9, inCharge: 0.3, area: '3', ages: [18, 95] },
  { code: 'A1.06', weight: 8, periodic: 0, monthly: [0, 0], oneOff: [100, 600], isee: 0.5, inCharge: 0.3, area: '3', ages: [18, 95] },
  { code: 'A1.07', weight: 4, periodic: 0.9, monthly: [100, 400], oneOff: [300, 1500], isee: 1, inCharge: 0.05, area: '1', ages: [0, 3], maxMonths: 11 },
  { code: 'A1.09', weight: 4, periodic: 0, monthly: [0, 0], oneOff: [50, 500], isee: 0.9, inCharge: 0.05, area: '1', ages: [6, 18] },
  { code: 'A1.10', weight: 3, periodic: 0.5, monthly: [100, 600], oneOff: [200, 2500], isee: 0.6, inCharge: 0.7, area: '2', ages: [0, 99], sina: true },
  { code: 'A1.11', weight: 5, periodic: 0.8, monthly: [200, 800], oneOff: [500, 3000], isee: 0.7, inCharge: 0.8, area: '2', ages: [18, 99], sina: true },
  { code: 'A1.12', weight: 3, periodic: 1, monthly: [200, 900], oneOff: [0, 0], isee: 0.8, inCharge: 0.8, area: '2', ages: [10, 99], sina: true },
  { code: 'A1.14', weight: 3, periodic: 1, monthly: [500, 1800], oneOff: [0, 0], isee: 0.9, inCharge: 0.9, area: '2', ages: [40, 99], ssn: true, sina: true },
  { code: 'A1.15', weight: 3, periodic: 0.5, monthly: [100, 600], oneOff: [200, 2000], isee: 0.6, inCharge: 0.6, area: '2', ages: [0, 99], sina: true },
  { code: 'A1.16', weight: 3, periodic: 0.6, monthly: [30, 200], oneOff: [100, 800], isee: 0.5, inCharge: 0.6, area: '2', ages: [6, 99], sina: true },
  { code: 'A1.19', weight: 3, periodic: 0, monthly: [0, 0], oneOff: [200, 2500], isee: 1, inCharge: 0.02, area: '1', ages: [14, 25] },
  { code: 'A2.01', weight: 2, periodic: 1, monthly: [50, 250], oneOff: [0, 0], isee: 0.7, inCharge: 0.6, area: '3', ages: [18, 99] },
  { code: 'A2.02', weight: 4, periodic: 1, monthly: [150, 700], oneOff: [0, 0], isee: 0.4, inCharge: 0.85, area: '1', ages: [3, 17], hours: true },
  { code: 'A2.05', weight: 5, periodic: 0, monthly: [0, 0], oneOff: [50, 400], isee: 1, inCharge: 0.05, area: '3', ages: [18, 99] },
  { code: 'A2.06', weight: 5, periodic: 0, monthly: [0, 0], oneOff: [50, 500], isee: 1, inCharge: 0.05, area: '3', ages: [18, 99] },
  { code: 'A2.07', weight: 6, periodic: 1, monthly: [150, 900], oneOff: [0, 0], isee: 0.7, inCharge: 0.9, area: '2', ages: [18, 99], hours: true, sina: true },
  { code: 'A2.08', weight: 3, periodic: 1, monthly: [200, 1200], oneOff: [0, 0], isee: 0.4, inCharge: 0.95, area: '2', ages: [18, 99], ssn: true, hours: true, sina: true },
  { code: 'A2.12', weight: 8, periodic: 1, monthly: [20, 120], oneOff: [0, 0], isee: 1, inCharge: 0.02, area: '1', ages: [3, 14], maxMonths: 10 },
  { code: 'A2.16', weight: 1, periodic: 0, monthly: [0, 0], oneOff: [200, 2000], isee: 0.6, inCharge: 0.5, area: '3', ages: [18, 95] },
  { code: 'A3.02', weight: 2, periodic: 1, monthly: [800, 2500], oneOff: [0, 0], isee: 0.9, inCharge: 0.95, area: '2', ages: [18, 99], ssn: true, sina: true },
  { code: 'A3.03', weight: 3, periodic: 1, monthly: [150, 600], oneOff: [0, 0], isee: 1, inCharge: 0.02, area: '1', ages: [0, 3], maxMonths: 11 },
];
const SINA_NEEDS = ['A1.10', 'A1.11', 'A1.12', 'A1.14', 'A1.15', 'A1.16', 'A2.07', 'A2.08', 'A3.02'];
/** Benefit years and their weights; key dates end on 31 October 2025. */
const YEARS: ReadonlyArray<readonly [number, number]> = [[2019, 8], [2020, 10], [2021, 12], [2022, 13], [2023, 14], [2024, 15], [2025, 12]];
const LAST_MONTH = 2025 * 12 + 9; // October 2025, as year * 12 + month index
const SINA_SHARE = 0.2;
const CANCELLED_SHARE = 0.02;
const SUPERSEDED_SHARE = 0.01;

const pad2 = (n: number): string => String(n).padStart(2, '0');
const euro = (cents: number): string => formatCents(BigInt(cents));
const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

// ---------------------------------------------------------------------------------------------
// Rows

/** COPY text format: backslash, tab, newline and carriage return escaped; null as \N. */
function field(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  const text = value;
  return /[\\\t\n\r]/.test(text) ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : text;
}
const row = (values: ReadonlyArray<string | number | boolean | null | undefined>): string => `${values.map(field).join('\t')}\n`;

const BENEFICIARY_COLUMNS = ['id', 'tax_code', 'surname', 'name', 'birth_year', 'birth_place_code', 'sex', 'citizenship', 'second_citizenship', 'residences', 'updated_at'];
const BENEFIT_COLUMNS = ['id', 'beneficiary_id', 'submission_id', 'cancellation_id', 'corrected_by_id', 'status', 'ente_code', 'means_test', 'nature',
  'dsu_number', 'dsu_year', 'dsu_date', 'code', 'description', 'application_protocol', 'event_date', 'start_date', 'end_date', 'payment_date',
  'amount', 'months', 'monthly_amount', 'ente_quota', 'user_quota', 'ssn_quota', 'requested_quota', 'isee_threshold', 'monthly_service_hours',
  'taken_in_charge', 'user_area', 'key_date', 'period_end', 'fingerprint', 'warnings', 'created_at'];
const SUBMISSION_COLUMNS = ['id', 'channel', 'flow_name', 'ente_code', 'ente_name', 'ente_seat_code', 'operator_tax_code', 'received_at'];
const SINA_COLUMNS = ['id', 'tax_code', 'ente_code', 'benefit_id', 'assessment_date', 'mobility', 'daily_living', 'cognitive_disorders',
  'behavioural_disorders', 'health_care_need', 'income_area', 'support_area', 'assessment_source', 'assessment_instrument', 'invalidity_source',
  'civil_invalidity', 'needed_benefit_codes', 'status', 'submission_id', 'cancellation_id', 'corrected_by_id', 'fingerprint', 'warnings', 'created_at'];

/** The benefit row of a record: the benefits subgraph's own columns (benefitData, fingerprint) plus the writer's. */
function benefitRow(id: string, beneficiaryId: string, submissionId: string, record: PsRecord, state: { status: string; cancellationId: string | null; correctedById: string | null; createdAt: string }): string {
  const d = benefitData(record.prestazione);
  return row([
    id, beneficiaryId, submissionId, state.cancellationId, state.correctedById, state.status, record.ente.Codice,
    d.meansTest, d.nature, d.dsuNumber, d.dsuYear, d.dsuDate, d.code, d.description, d.applicationProtocol, d.eventDate, d.startDate,
    d.endDate, d.paymentDate, d.amount, d.months, d.monthlyAmount, d.enteQuota, d.userQuota, d.ssnQuota, d.requestedQuota,
    d.iseeThreshold, d.monthlyServiceHours, d.takenInCharge, d.userArea, d.keyDate, d.periodEnd, fingerprint(record), '[]', state.createdAt,
  ]);
}

// ---------------------------------------------------------------------------------------------
// Entes and their submissions

interface Ente {
  index: number;
  comune: Comune;
  attributes: EnteAttributes;
  channel: 'FILE_UPLOAD' | 'WAAS';
}

interface SubmissionRow { id: string; assessmentsId: string; ente: Ente; flowName: string; receivedAt: string; usedByAssessments: boolean }

class Submissions {
  private readonly entes = new Map<string, Ente>();
  readonly rows = new Map<number, SubmissionRow>();
  private readonly seed: number;
  private readonly ids: Ids;
  constructor(seed: number, ids: Ids) {
    this.seed = seed;
    this.ids = ids;
  }

  ente(comune: Comune): Ente {
    let ente = this.entes.get(comune.belfioreCode);
    if (!ente) {
      const rng = new Rng(mix(this.seed, 0x40000000 + Number.parseInt(comune.istatCode, 10)));
      const female = rng.chance(0.6);
      const operator = composeCodiceFiscale({ surname: rng.pick(SURNAMES), name: rng.pick(female ? FEMALE : MALE), sex: female ? 'F' : 'M', born: `${rng.int(1960, 1995)}-${pad2(rng.int(1, 12))}-${pad2(rng.int(1, 28))}`, birthPlace: comune.belfioreCode });
      ente = {
        index: this.entes.size,
        comune,
        attributes: { Codice: comune.belfioreCode, Denominazione: `Comune di ${comune.name}`.slice(0, 100), Indirizzo: comune.belfioreCode, CFOperatore: operator },
        channel: rng.chance(0.15) ? 'WAAS' : 'FILE_UPLOAD',
      };
      this.entes.set(comune.belfioreCode, ente);
    }
    return ente;
  }

  /** The ente's flow of the month after `monthIndex` (year * 12 + month - 1), created on first use. */
  of(ente: Ente, monthIndex: number): SubmissionRow {
    const month = Math.min(monthIndex + 1, LAST_MONTH + 1);
    const key = ente.index * 100_000 + month;
    let submission = this.rows.get(key);
    if (!submission) {
      const rng = new Rng(mix(this.seed, (Number.parseInt(ente.comune.istatCode, 10) * 131 + month) | 0));
      const year = Math.floor(month / 12);
      const day = rng.int(5, 20);
      const date = `${year}${pad2((month % 12) + 1)}${pad2(day)}`;
      submission = {
        id: this.ids.next(ID.submission),
        assessmentsId: this.ids.next(ID.assessmentsSubmission),
        ente,
        flowName: `${ente.attributes.Codice}.PS.${date}.${String(month - 2018 * 12).padStart(7, '0')}`,
        receivedAt: `${year}-${pad2((month % 12) + 1)}-${pad2(day)}T${pad2(rng.int(8, 17))}:${pad2(rng.int(0, 59))}:${pad2(rng.int(0, 59))}Z`,
        usedByAssessments: false,
      };
      this.rows.set(key, submission);
    }
    return submission;
  }
}

// ---------------------------------------------------------------------------------------------
// Persons and their benefits

interface Person {
  id: string;
  taxCode: string;
  surname: string;
  name: string;
  female: boolean;
  birthYear: number;
  birthPlace: string;
  citizenship: string;
  homes: Comune[];
}

interface GeneratedBenefit {
  id: string;
  record: PsRecord;
  submission: SubmissionRow;
  status: 'ACTIVE' | 'CANCELLED' | 'SUPERSEDED';
  cancellation: SubmissionRow | null;
  correctedById: string | null;
  sina: SinaAttributes | null;
}

const OMOCODE_POSITIONS = [14, 13, 12, 10, 9, 7, 6];
const OMOCODE_LETTERS = 'LMNPQRSTUV';

/** The codice fiscale with its `level` rightmost digits replaced by the omocodia letters, check character recomputed. */
function omocode(taxCode: string, level: number): string {
  const chars = [...taxCode.slice(0, 15)];
  for (const position of OMOCODE_POSITIONS.slice(0, level)) chars[position] = OMOCODE_LETTERS.charAt(Number(chars[position]));
  const first15 = chars.join('');
  return first15 + checkCharacter(first15);
}

interface Plan {
  /** Benefits of each person, summing exactly to the requested total. */
  counts: Uint16Array;
  persons: number;
}

/** Person 0..3 are the samples (100, 10, 1 and a typical 4); the others follow a long-tailed law with the requested mean. */
function plan(persons: number, benefits: number, seed: number): Plan {
  if (!Number.isInteger(persons) || persons < 64) throw new RangeError('persons must be a whole number, at least 64.');
  if (!Number.isInteger(benefits) || benefits < persons - 4 + MIN_BENEFITS_EXTRA) {
    throw new RangeError(`benefits must be at least persons + ${MIN_BENEFITS_EXTRA - 4} (every person has a benefit; the samples need ${MIN_BENEFITS_EXTRA}).`);
  }
  const counts = new Uint16Array(persons);
  counts.set([100, 10, 1, 4]);
  const rest = benefits - MIN_BENEFITS_EXTRA;
  const mean = rest / (persons - 4);
  const rng = new Rng(mix(seed, 0x7fffffff));
  let sum = 0;
  for (let i = 4; i < persons; i += 1) {
    const n = Math.min(1000, 1 + Math.floor(-Math.log(1 - rng.next()) * Math.max(mean - 0.5, 0)));
    counts[i] = n;
    sum += n;
  }
  while (sum < rest) {
    const i = 4 + Math.floor(rng.next() * (persons - 4));
    if ((counts[i] as number) < 1000) { counts[i] = (counts[i] as number) + 1; sum += 1; }
  }
  while (sum > rest) {
    const i = 4 + Math.floor(rng.next() * (persons - 4));
    if ((counts[i] as number) > 1) { counts[i] = (counts[i] as number) - 1; sum -= 1; }
  }
  return { counts, persons };
}

class Generator {
  private readonly comuni: Weighted<Comune>;
  private readonly profiles: Weighted<CodeProfile>;
  private readonly sinaProfiles: Weighted<CodeProfile>;
  private readonly years: Weighted<readonly [number, number]>;
  private readonly taxCodes = new Set<string>();
  readonly roma: Comune;
  private protocol = 0;
  readonly submissions: Submissions;
  readonly ids: Ids;

  constructor(seed: number) {
    this.ids = new Ids(seed);
    const all = allComuni();
    this.comuni = new Weighted(all, (c) => c.population2011);
    this.roma = [...all].sort((a, b) => b.population2011 - a.population2011)[0] as Comune;
    this.profiles = new Weighted(PROFILES, (p) => p.weight);
    this.sinaProfiles = new Weighted(PROFILES.filter((p) => p.sina), (p) => p.weight);
    this.years = new Weighted(YEARS, ([, w]) => w);
    this.submissions = new Submissions(seed, this.ids);
    for (const p of PROFILES) {
      if (!benefitCodeOn(p.code, '2019-01-01') || !benefitCodeOn(p.code, '2025-12-31')) throw new Error(`nomenclatore: ${p.code} is not valid over 2019-2025`);
    }
  }

  private readonly labels = new Map<string, string>();
  /** The code's label; every profile's code is valid 2019-2025 with one label (checked in the constructor). */
  private label(code: string): string {
    let label = this.labels.get(code);
    if (label === undefined) {
      label = benefitCodeOn(code, '2019-01-01')?.label ?? '';
      if (label !== benefitCodeOn(code, '2025-12-31')?.label || label.length < 10) throw new Error(`nomenclatore: ${code} has no single label over 2019-2025`);
      this.labels.set(code, label);
    }
    return label;
  }

  person(index: number, rng: Rng): Person {
    const female = rng.chance(0.56);
    const r = rng.next();
    const birthYear = r < 0.22 ? rng.int(2006, 2024) : r < 0.68 ? rng.int(1956, 2005) : rng.int(1926, 1955);
    const born = `${birthYear}-${pad2(rng.int(1, 12))}-${pad2(rng.int(1, 28))}`;
    const foreign = rng.chance(0.1) ? rng.pick(FOREIGN) : null;
    const birthComune = this.comuni.pick(rng);
    const birthPlace = foreign ? foreign[0] : birthComune.belfioreCode;
    const surname = rng.pick(SURNAMES);
    const name = rng.pick(female ? FEMALE : MALE);
    let taxCode = composeCodiceFiscale({ surname, name, sex: female ? 'F' : 'M', born, birthPlace });
    for (let level = 1; this.taxCodes.has(taxCode); level += 1) taxCode = omocode(taxCode, level);
    this.taxCodes.add(taxCode);
    const home = index < 64 ? this.roma : rng.chance(0.35) && !foreign ? birthComune : this.comuni.pick(rng);
    const homes = [home];
    if (index >= 4 && rng.chance(0.05)) {
      const other = this.comuni.pick(rng);
      if (other.istatCode !== home.istatCode) homes.push(other);
    }
    return { id: this.ids.next(ID.person), taxCode, surname, name, female, birthYear, birthPlace, citizenship: foreign ? foreign[1] : '380', homes };
  }

  /** One PS record of `person` from `ente`; `forceSina` picks a code that may carry a SINA and takes the person in charge. */
  record(person: Person, ente: Ente, rng: Rng, withSina: boolean): { record: PsRecord; monthIndex: number } {
    let profile = (withSina ? this.sinaProfiles : this.profiles).pick(rng);
    let year = this.years.pick(rng)[0];
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const age = year - person.birthYear;
      if (age >= profile.ages[0] && age <= profile.ages[1] && (!profile.female || person.female) && year >= person.birthYear) break;
      profile = (withSina ? this.sinaProfiles : this.profiles).pick(rng);
      year = this.years.pick(rng)[0];
      if (attempt === 29) { profile = PROFILES.find((p) => p.code === 'A1.10') as CodeProfile; year = Math.max(year, person.birthYear + 1); }
    }
    const lastMonth = year === 2025 ? 10 : 12;
    const month = rng.int(1, lastMonth);
    const day = rng.int(1, daysIn(year, month));
    const start = `${year}-${pad2(month)}-${pad2(day)}`;
    const periodic = rng.chance(profile.periodic);
    const isee = rng.chance(profile.isee);
    const inCharge = withSina || rng.chance(profile.inCharge);
    const [low, high] = periodic ? profile.monthly : profile.oneOff;
    const total = rng.int(low * 100, high * 100);
    const p: PrestazioneAttributes = {
      TipoOperazione: 'I',
      PresenzaProvaMezzi: isee ? '1' : rng.chance(0.7) ? '4' : rng.chance(0.5) ? '2' : '3',
      CaratterePrestazione: periodic ? '1' : '2',
      CodicePrestazione: profile.code,
      DenominazionePrestazione: this.label(profile.code),
      ProtocolloDomanda: `${ente.attributes.Codice}/${year}/${String((this.protocol += 1)).padStart(8, '0')}`,
      DataEvento: start,
      PresaCarico: inCharge ? '1' : '2',
    };
    if (isee) {
      const dsuYear = month === 1 && day < 10 ? year - 1 : year;
      const dsuDate = dsuYear < year ? `${dsuYear}-12-${pad2(rng.int(1, 31))}` : `${year}-01-${pad2(rng.int(2, month === 1 ? day - 1 : 31))}`;
      p.NumeroProtocolloDSU = `INPS-ISEE-${dsuYear}-${String(rng.int(1, 99_999_999)).padStart(8, '0')}${String.fromCharCode(65 + rng.int(0, 25))}-00`;
      p.AnnoProtocolloDSU = String(dsuYear);
      p.DataDSU = dsuDate;
      if (rng.chance(0.4)) p.ImportoSogliaISEE = `${rng.int(6, 40)}000.00`;
    }
    if (periodic) {
      const months = rng.int(1, Math.min(profile.maxMonths ?? 12, 13 - month));
      p.DataInizioPrestazione = start;
      if (rng.chance(0.6)) {
        const endMonth = month + months - 1;
        p.DataFinePrestazione = `${year}-${pad2(endMonth)}-${pad2(daysIn(year, endMonth))}`;
      }
      p.PeriodoErogazione = String(months);
      p.ImportoMensile = euro(total);
    } else {
      p.DataErogazionePrestazione = start;
      p.ImportoPrestazione = euro(total);
    }
    const enteQuota = Math.max(1, Math.round(total * (0.55 + rng.next() * 0.45)));
    const remainder = total - enteQuota;
    const ssn = profile.ssn && remainder > 0 && rng.chance(0.5) ? Math.round(remainder * (0.3 + rng.next() * 0.7)) : 0;
    p.ImportoQuotaEnte = euro(enteQuota);
    p.ImportoQuotaUtente = euro(remainder - ssn);
    if (ssn > 0) p.ImportoQuotaSSN = euro(ssn);
    if (profile.hours) p.OreServizioMensile = `${rng.int(4, 60)}.${rng.chance(0.5) ? '50' : '00'}`;
    if (inCharge) p.AreaUtenza = withSina ? '2' : profile.area;
    const record: PsRecord = {
      ente: ente.attributes,
      beneficiario: {
        CodiceFiscale: person.taxCode,
        anagrafica: {
          Cognome: person.surname, Nome: person.name, AnnoNascita: String(person.birthYear), LuogoNascita: person.birthPlace,
          Genere: person.female ? '2' : '1', CodiceCittadinanza: person.citizenship,
        },
        indirizzi: person.homes.map((c) => ({ CodiceRegione: c.regionCode, CodiceComune: c.istatCode, CodiceNazione: '380' })),
      },
      prestazione: p,
    };
    return { record, monthIndex: year * 12 + month - 1 };
  }

  sina(rng: Rng): SinaAttributes {
    const invalidity = rng.chance(0.6);
    const needs = [rng.pick(SINA_NEEDS)];
    if (rng.chance(0.4)) {
      const second = rng.pick(SINA_NEEDS);
      if (second !== needs[0]) needs.push(second);
    }
    const attributes: SinaAttributes = {
      Mobilita: String(rng.int(1, 3)), AttivitaVitaQuotidiana: String(rng.int(1, 3)), DisturbiAreaCognitiva: String(rng.int(1, 3)),
      DisturbiComportamentali: String(rng.int(1, 2)), NecessitaCureSanitarie: String(rng.int(1, 3)), AreaReddituale: String(rng.int(1, 3)),
      AreaSupporto: String(rng.int(1, 3)), FonteDerivazioneValutazione: String(rng.int(1, 4)), StrumentoValutazione: String(rng.int(1, 7)),
      NecessitaInterventiSociali: needs,
    };
    if (invalidity) {
      attributes.FonteDerivazioneInvalidita = String(rng.int(1, 2));
      attributes.InvaliditaCivile = rng.chance(0.5) ? [String(rng.int(1, 3))] : [String(rng.int(1, 4)), String(rng.int(5, 8))];
    }
    return attributes;
  }

  /** The benefits of person `index` (exactly `count` rows): samples are all ACTIVE, from the person's Comune. */
  benefits(index: number, person: Person, count: number, rng: Rng): GeneratedBenefit[] {
    const sample = index < 4;
    const out: GeneratedBenefit[] = [];
    while (out.length < count) {
      const comune = person.homes.length > 1 && rng.chance(0.3) ? (person.homes[1] as Comune) : (person.homes[0] as Comune);
      const ente = this.submissions.ente(comune);
      // The typical person has two SINA; the 1, 10 and 100 positions one at least, so that the three ask the same subgraphs.
      const withSina = index === 3 ? out.length < 2 : (index < 3 && out.length === 0) || rng.chance(SINA_SHARE);
      const { record, monthIndex } = this.record(person, ente, rng, withSina);
      const submission = this.submissions.of(ente, monthIndex);
      const benefit: GeneratedBenefit = { id: this.ids.next(ID.benefit), record, submission, status: 'ACTIVE', cancellation: null, correctedById: null, sina: withSina ? this.sina(rng) : null };
      const r = sample ? 1 : rng.next();
      if (r < CANCELLED_SHARE) {
        benefit.status = 'CANCELLED';
        benefit.cancellation = this.submissions.of(ente, monthIndex + rng.int(1, 6));
        benefit.sina = null;
      } else if (r < CANCELLED_SHARE + SUPERSEDED_SHARE && out.length + 2 <= count) {
        // correctBenefit: the old record SUPERSEDED, pointing to its replacement (same key, corrected amounts).
        const correction = this.submissions.of(ente, monthIndex + rng.int(1, 3));
        const p = { ...record.prestazione };
        const cents = Number(parseMoney(p.ImportoMensile ?? p.ImportoPrestazione ?? '0')) + rng.int(1, 5000);
        if (p.ImportoMensile !== undefined) p.ImportoMensile = euro(cents); else p.ImportoPrestazione = euro(cents);
        const enteQuota = Number(parseMoney(p.ImportoQuotaEnte ?? '0'));
        const ssn = Number(parseMoney(p.ImportoQuotaSSN ?? '0'));
        p.ImportoQuotaUtente = euro(cents - enteQuota - ssn);
        const replacement: GeneratedBenefit = { id: this.ids.next(ID.benefit), record: { ...record, prestazione: p }, submission: correction, status: 'ACTIVE', cancellation: null, correctedById: null, sina: benefit.sina };
        benefit.status = 'SUPERSEDED';
        benefit.correctedById = replacement.id;
        benefit.cancellation = correction;
        benefit.sina = null;
        out.push(benefit, replacement);
        continue;
      }
      out.push(benefit);
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// COPY streams

/** A COPY ... FROM STDIN on its own connection, written in chunks of about 256 KiB with backpressure. */
class CopyStream {
  private buffer = '';
  private stream!: Writable;
  private done!: Promise<void>;
  rows = 0;
  private started = 0;
  seconds = 0;
  private readonly client: pg.Client;
  private constructor(client: pg.Client) { this.client = client; }

  static async open(url: string, table: string, columns: readonly string[]): Promise<CopyStream> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('set synchronous_commit = off');
    const copy = new CopyStream(client);
    copy.started = performance.now();
    copy.stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
    copy.done = new Promise((resolve, reject) => {
      copy.stream.on('finish', resolve);
      copy.stream.on('error', reject);
    });
    return copy;
  }

  /** Buffers a row; true when the buffer is full and `flush()` should be awaited. */
  push(line: string): boolean {
    this.buffer += line;
    this.rows += 1;
    return this.buffer.length >= 1 << 18;
  }

  async write(line: string): Promise<void> {
    if (this.push(line)) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }

  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
    await this.done;
    this.seconds = (performance.now() - this.started) / 1000;
    await this.client.end();
  }

  async abort(): Promise<void> {
    this.stream.destroy();
    await this.client.end().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// Secondary indexes and constraints: dropped for the load, recreated after, checked to be identical

const LOADED_TABLES = ['benefits.beneficiary', 'benefits.benefit', 'benefits.submission', 'assessments.sina_assessment', 'assessments.submission'];

interface SchemaObjects {
  /** Constraints (primary keys, unique, foreign keys) with their definitions, in re-creation order. */
  constraints: Array<{ table: string; name: string; type: string; definition: string }>;
  /** Indexes not backing a constraint. */
  indexes: Array<{ name: string; definition: string }>;
}

async function schemaObjects(client: pg.Client): Promise<SchemaObjects> {
  const constraints = await client.query<{ table: string; name: string; type: string; definition: string }>(
    `select c.conrelid::regclass::text as table, c.conname as name, c.contype as type, pg_get_constraintdef(c.oid) as definition
       from pg_constraint c where (c.conrelid = any($1::regclass[]) and c.contype in ('p', 'u', 'f')) or (c.contype = 'f' and c.confrelid = any($1::regclass[]))
      order by case c.contype when 'p' then 0 when 'u' then 1 else 2 end, c.conname`,
    [LOADED_TABLES],
  );
  const indexes = await client.query<{ name: string; definition: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i where i.indrelid = any($1::regclass[])
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.conrelid = i.indrelid)
      order by 1`,
    [LOADED_TABLES],
  );
  return { constraints: constraints.rows, indexes: indexes.rows };
}

/** Everything about the loaded tables' indexes and constraints (check constraints included), for comparison. */
async function schemaFingerprint(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ line: string }>(
    `select 'index ' || schemaname || '.' || indexname || ': ' || indexdef as line from pg_indexes where schemaname || '.' || tablename = any($1::text[])
     union all
     select 'constraint ' || conrelid::regclass::text || '.' || conname || ' ' || contype::text || ' ' || convalidated::text || ': ' || pg_get_constraintdef(oid)
       from pg_constraint where conrelid = any($1::regclass[]) or confrelid = any($1::regclass[])
     order by 1`,
    [LOADED_TABLES],
  );
  return rows.map((r) => r.line);
}

async function dropForLoad(client: pg.Client, objects: SchemaObjects): Promise<void> {
  for (const c of [...objects.constraints].reverse()) await client.query(`alter table ${c.table} drop constraint "${c.name}"`);
  for (const i of objects.indexes) await client.query(`drop index ${i.name}`);
}

async function recreate(client: pg.Client, objects: SchemaObjects): Promise<void> {
  await client.query("set maintenance_work_mem = '1GB'");
  for (const c of objects.constraints) await client.query(`alter table ${c.table} add constraint "${c.name}" ${c.definition}`);
  for (const i of objects.indexes) await client.query(i.definition);
}

// ---------------------------------------------------------------------------------------------
// SIOSS: 20 Ambiti and their declarations, through the offering subgraph's GraphQL mutations

/** Applies the benefits, assessments and offering migrations to the database at `url`: what loadDataset expects. */
export async function migrateForDataset(url: string): Promise<void> {
  for (const [create, migrate] of [[createBenefitsOrm, migrateBenefits], [createAssessmentsOrm, migrateAssessments], [createOfferingOrm, migrateOffering]] as const) {
    const orm = await create({ url });
    try {
      await migrate(orm, url);
    } finally {
      await orm.close();
    }
  }
}

const dropping: AuditSink = { append: () => undefined, flush: async () => undefined, accepting: true, close: async () => undefined };
const SIOSS_YEAR = 2024;
const SIOSS_CATALOGUE: ReadonlyArray<readonly [code: string, users: readonly string[], perThousand: number, euroPerUser: number, capacity?: boolean]> = [
  ['P1.01', ['MULTI_USER'], 18, 60], ['P1.02', ['MULTI_USER'], 22, 320], ['P1.03', ['DISABILITY', 'ELDERLY'], 3, 280], ['P1.04', ['POVERTY_AND_EXCLUSION'], 1.5, 540],
  ['P1.05', ['IMMIGRANTS'], 2, 150], ['P2.01', ['ELDERLY', 'DISABILITY'], 3, 4800], ['P2.02', ['ELDERLY'], 1, 3100], ['P2.03', ['ELDERLY'], 2, 190],
  ['P2.05', ['DISABILITY', 'ELDERLY'], 1, 1700], ['P2.06', ['ELDERLY'], 1.2, 3000], ['P2.07', ['FAMILY_AND_MINORS'], 1.1, 2600],
  ['P3.01', ['FAMILY_AND_MINORS'], 6, 5200, true], ['P3.03', ['DISABILITY'], 0.5, 10200, true], ['P3.04', ['ELDERLY'], 0.4, 5400, true],
  ['P3.05', ['FAMILY_AND_MINORS'], 1.6, 560], ['P3.06', ['FAMILY_AND_MINORS'], 1.2, 350], ['P4.01', ['FAMILY_AND_MINORS'], 0.3, 35000, true],
  ['P4.02', ['DISABILITY'], 0.25, 32000, true], ['P4.03', ['ELDERLY'], 0.8, 9300, true], ['P4.04', ['POVERTY_AND_EXCLUSION'], 0.5, 3200, true],
  ['P4.05', ['FAMILY_AND_MINORS'], 0.05, 21000, true], ['P5.01', ['POVERTY_AND_EXCLUSION'], 9, 700], ['P5.02', ['POVERTY_AND_EXCLUSION', 'DISABILITY'], 0.6, 2100],
  ['P5.04', ['POVERTY_AND_EXCLUSION'], 8, 220], ['P5.05', ['POVERTY_AND_EXCLUSION'], 1, 2600], ['P5.06', ['POVERTY_AND_EXCLUSION'], 0.4, 1900],
];

interface AmbitoPlan { code: string; name: string; regionCode: string; comuni: Comune[]; lead: Comune }

/** 20 Ambiti around the 20 most populous Comuni: the 10 largest alone, the next 10 with up to 6 small Comuni of their province. */
function ambitoPlans(): AmbitoPlan[] {
  const all = allComuni();
  const largest = [...all].sort((a, b) => b.population2011 - a.population2011).slice(0, 20);
  const taken = new Set(largest.map((c) => c.istatCode));
  const perProvince = new Map<string, number>();
  return largest.map((lead, i) => {
    const comuni = [lead];
    if (i >= 10) {
      for (const c of all) {
        if (comuni.length >= 7) break;
        if (c.provinceCode === lead.provinceCode && !taken.has(c.istatCode)) { comuni.push(c); taken.add(c.istatCode); }
      }
    }
    const n = (perProvince.get(lead.provinceAbbreviation) ?? 0) + 1;
    perProvince.set(lead.provinceAbbreviation, n);
    return { code: `AMB-${lead.provinceAbbreviation}-${pad2(n)}`, name: `Ambito territoriale ${lead.name}${comuni.length > 1 ? ` e Comuni associati` : ''}`, regionCode: lead.regionCode, comuni, lead };
  });
}

async function loadSioss(url: string, seed: number): Promise<number> {
  const orm = await createOfferingOrm({ url });
  const logger = createLogger({ name: 'bench-dataset', level: 'warn' });
  const onTime = new Date(`${SIOSS_YEAR + 1}-05-15T09:00:00Z`);
  const { apollo, createContext } = createOfferingServer({ orm, logger, settings: { deadline: { month: 5, day: 31 }, now: () => onTime }, introspection: false, audit: { sink: dropping, requirePurpose: false } });
  await apollo.start();
  const rng = new Rng(mix(seed, 0x5105));
  const operatorTaxCode = composeCodiceFiscale({ surname: 'VERDI', name: 'LAURA', sex: 'F', born: '1979-06-21', birthPlace: 'H501' });
  const ministry = trustedViewer({ roles: ['MINISTRY_ANALYST'], scopes: ['sioss:read', 'sioss:write'], operatorTaxCode, purpose: 'benchmark dataset' });
  const run = async (viewer: Viewer, query: string, input: unknown): Promise<void> => {
    const response = await apollo.executeOperation({ query, variables: { input } }, { contextValue: createContext(viewer) });
    if (response.body.kind !== 'single' || response.body.singleResult.errors) throw new Error(`SIOSS write failed: ${JSON.stringify(response.body.kind === 'single' ? response.body.singleResult.errors : response.body)}`);
  };
  const M = {
    body: 'mutation($input: SiossImplementingBodyInput!) { registerSiossImplementingBody(input: $input) { created } }',
    ambito: 'mutation($input: SiossAmbitoInput!) { registerSiossAmbito(input: $input) { ambito { code } } }',
    governance: 'mutation($input: SiossGovernanceInput!) { setSiossAmbitoGovernance(input: $input) { ambito { code } } }',
    agreement: 'mutation($input: SiossAgreementInput!) { addSiossAgreement(input: $input) { ambito { code } } }',
    open: 'mutation($input: SiossDeclarationKeyInput!) { openSiossDeclaration(input: $input) { created } }',
    service: 'mutation($input: SiossServiceChangeInput!) { addSiossService(input: $input) { service { id } } }',
    professional: 'mutation($input: SiossProfessionalAddInput!) { addSiossProfessional(input: $input) { professional { id } } }',
    fund: 'mutation($input: SiossFundModuleInput!) { setSiossFundModule(input: $input) { declaration { id } } }',
    finalise: 'mutation($input: SiossDeclarationKeyInput!) { finaliseSiossDeclaration(input: $input) { declaration { id } } }',
  };
  let declarations = 0;
  try {
    for (const ambito of ambitoPlans()) {
      const population = ambito.comuni.reduce((sum, c) => sum + c.population2011, 0);
      const referent = trustedViewer({ roles: ['AMBITO_REFERENT'], ambitoCode: ambito.code, scopes: ['sioss:read', 'sioss:write'], operatorTaxCode, purpose: 'benchmark dataset' });
      const associated = ambito.comuni.length > 1;
      const lead = associated ? `CONS-${ambito.code.slice(4)}` : `COMUNE-${ambito.lead.belfioreCode}`;
      const asl = `ASL-${ambito.lead.provinceAbbreviation}`;
      if (associated) await run(ministry, M.body, { code: lead, name: `Consorzio dei servizi sociali ${ambito.lead.name}`, kind: 'CONSORTIUM' });
      for (const c of ambito.comuni) await run(ministry, M.body, { code: `COMUNE-${c.belfioreCode}`, name: `Comune di ${c.name}`, kind: 'COMUNE' });
      await run(ministry, M.body, { code: asl, name: `Azienda sanitaria locale ${ambito.lead.provinceName}`, kind: 'HEALTH_AUTHORITY' });
      await run(ministry, M.ambito, { code: ambito.code, name: ambito.name, regionCode: ambito.regionCode, comuni: ambito.comuni.map((c) => c.belfioreCode) });
      const comuneBodies = ambito.comuni.map((c) => `COMUNE-${c.belfioreCode}`);
      await run(referent, M.governance, { ambitoCode: ambito.code, managementForm: associated ? 'ASSOCIATED_ALL' : 'SINGLE', leadBodyCode: lead, implementingBodyCodes: [asl, ...(associated ? comuneBodies : [])] });
      if (associated) {
        await run(referent, M.agreement, { ambitoCode: ambito.code, kind: 'ASSOCIATIVE_CONVENTION', title: `Convenzione per la gestione associata dei servizi sociali - ${ambito.name}`, signedOn: `${rng.int(2015, 2021)}-0${rng.int(1, 9)}-15`, validTo: '2028-12-31', partyBodyCodes: [lead, ...comuneBodies] });
      }
      const key = { ambitoCode: ambito.code, year: SIOSS_YEAR };
      await run(referent, M.open, key);
      let served = 0;
      for (const [code, users, perThousand, euroPerUser, capacity] of SIOSS_CATALOGUE) {
        if (!rng.chance(associated ? 0.45 : 0.7)) continue;
        const usersServed = Math.max(3, Math.round((population / 1000) * perThousand * (0.6 + rng.next() * 0.8)));
        served += usersServed;
        const spending = Math.round(usersServed * euroPerUser * (0.7 + rng.next() * 0.6));
        await run(referent, M.service, { ...key, service: { catalogueCode: code, managingBodyCode: code === 'P2.02' ? asl : lead, targetUsers: users, usersServed, spending: `${spending}.00`, capacity: capacity ? Math.round(usersServed * (1 + rng.next() * 0.15)) : null } });
      }
      const staff: Array<[string, number, string, string]> = [
        ['SOCIAL_WORKER', population / 5200, 'PERMANENT', associated ? 'AMBITO_BODY' : 'COMUNE'], ['SOCIAL_WORKER', population / 40000, 'FIXED_TERM', associated ? 'AMBITO_BODY' : 'COMUNE'],
        ['PROFESSIONAL_EDUCATOR', population / 9000, 'OUTSOURCED', 'THIRD_SECTOR'], ['SOCIAL_HEALTH_OPERATOR', population / 3500, 'OUTSOURCED', 'THIRD_SECTOR'],
        ['PSYCHOLOGIST', population / 60000, 'SELF_EMPLOYED', 'OTHER'], ['ADMINISTRATIVE', population / 15000, 'PERMANENT', associated ? 'AMBITO_BODY' : 'COMUNE'],
      ];
      for (const [profession, share, contractType, employerKind] of staff) {
        const headCount = Math.max(1, Math.round(share * (0.8 + rng.next() * 0.4)));
        const fte = Math.min(headCount, headCount * (0.85 + rng.next() * 0.15));
        await run(referent, M.professional, { ...key, professional: { profession, headCount, fte: fte.toFixed(2), employerKind, contractType, employerBodyCode: employerKind === 'AMBITO_BODY' ? lead : null } });
      }
      const fnps = Math.round(population * (6 + rng.next() * 4));
      const split = [0.22, 0.27, 0.24, 0.15, 0.12];
      await run(referent, M.fund, { ...key, fund: 'FNPS', amounts: split.map((s, i) => ({ areaCode: `M${i + 1}`, amount: `${Math.round(fnps * s)}.00` })), beneficiaries: [] });
      if (rng.chance(0.6)) {
        const fna = Math.round(population * (4 + rng.next() * 3));
        const total = Math.max(10, Math.round(served / 25));
        const bands: Array<[string, string, number]> = [['FEMALE', 'AGE_18_64', 0.2], ['MALE', 'AGE_18_64', 0.17], ['FEMALE', 'AGE_65_74', 0.1], ['MALE', 'AGE_65_74', 0.08], ['FEMALE', 'AGE_75_PLUS', 0.27], ['MALE', 'AGE_75_PLUS', 0.14], ['FEMALE', 'AGE_0_17', 0.02], ['MALE', 'AGE_0_17', 0.02]];
        await run(referent, M.fund, { ...key, fund: 'FNA', amounts: [0.55, 0.35, 0.1].map((s, i) => ({ areaCode: `FNA${i + 1}`, amount: `${Math.round(fna * s)}.00` })), beneficiaries: bands.map(([sex, ageBand, s]) => ({ sex, ageBand, count: Math.round(total * s) })) });
      }
      await run(referent, M.finalise, key);
      declarations += 1;
    }
  } finally {
    await apollo.stop();
    await orm.close();
  }
  return declarations;
}

// ---------------------------------------------------------------------------------------------
// The load

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** loadDataset, with per-step timings and what the CLI's end-to-end verification needs. */
export async function loadDatasetReport(databaseUrl: string, options: DatasetOptions): Promise<DatasetReport> {
  const started = performance.now();
  const seed = options.seed ?? 20261201;
  const progress = options.onProgress ?? (() => undefined);
  const steps: DatasetStep[] = [];
  const step = async <T>(name: string, rows: (result: T) => number, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await work();
    steps.push({ name, rows: rows(result), seconds: (performance.now() - t0) / 1000 });
    return result;
  };
  const { counts } = plan(options.persons, options.benefits, seed);
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    const existing = await admin.query<{ n: string }>('select (select count(*) from benefits.benefit) + (select count(*) from benefits.beneficiary) as n');
    if (Number(existing.rows[0]?.n ?? 0) > 0) throw new Error('the database already holds benefits: load a dataset into a freshly migrated database.');
    const before = await schemaFingerprint(admin);
    const objects = await schemaObjects(admin);
    await step('drop indexes and constraints', () => objects.constraints.length + objects.indexes.length, () => dropForLoad(admin, objects));

    const generator = new Generator(seed);
    const streams = {
      beneficiary: await CopyStream.open(databaseUrl, 'benefits.beneficiary', BENEFICIARY_COLUMNS),
      benefit: await CopyStream.open(databaseUrl, 'benefits.benefit', BENEFIT_COLUMNS),
      sina: await CopyStream.open(databaseUrl, 'assessments.sina_assessment', SINA_COLUMNS),
    };
    const samples = { position1: '', position10: '', position100: '', typical: '' };
    const expected = { position1: 0, position10: 0, position100: 0, typicalBenefits: 0, typicalSina: 0 };
    let probe: DatasetReport['probe'] | undefined;
    let lastReport = performance.now();
    const copyStart = performance.now();
    let written = 0;
    try {
      for (let i = 0; i < counts.length; i += 1) {
        const rng = new Rng(mix(seed, i));
        const person = generator.person(i, rng);
        const benefits = generator.benefits(i, person, counts[i] as number, rng);
        let updatedAt = '';
        for (const b of benefits) {
          if (b.submission.receivedAt > updatedAt) updatedAt = b.submission.receivedAt;
          const state = { status: b.status, cancellationId: b.cancellation?.id ?? null, correctedById: b.correctedById, createdAt: b.submission.receivedAt };
          const line = benefitRow(b.id, person.id, b.submission.id, b.record, state);
          if (streams.benefit.push(line)) await streams.benefit.flush();
          if (b.sina) {
            const p = b.record.prestazione;
            const assessmentDate = (p.CaratterePrestazione === '2' ? p.DataErogazionePrestazione : p.DataInizioPrestazione) as string;
            const sinaRecord: SinaRecord = { ente: b.record.ente, beneficiario: { CodiceFiscale: person.taxCode }, link: { benefitId: b.id, assessmentDate }, sina: b.sina };
            const s = b.sina;
            b.submission.usedByAssessments = true;
            const full = streams.sina.push(row([
              generator.ids.next(ID.sina), person.taxCode, b.record.ente.Codice, b.id, assessmentDate, s.Mobilita, s.AttivitaVitaQuotidiana, s.DisturbiAreaCognitiva ?? null,
              s.DisturbiComportamentali, s.NecessitaCureSanitarie ?? null, s.AreaReddituale, s.AreaSupporto, s.FonteDerivazioneValutazione,
              s.StrumentoValutazione, s.FonteDerivazioneInvalidita ?? null, JSON.stringify(s.InvaliditaCivile ?? []), JSON.stringify(s.NecessitaInterventiSociali ?? []),
              'ACTIVE', b.submission.assessmentsId, null, null, sinaFingerprint(sinaRecord), '[]', b.submission.receivedAt,
            ]));
            if (full) await streams.sina.flush();
            if (written % 997 === 0) assertValid('SINA', validateSinaRecord(sinaRecord, { strictRules: new Set(['ALL']) }));
          }
          if (written % 1009 === 0) {
            assertValid('PS', validatePsRecord(b.record, { strictRules: new Set(['ALL']) }));
          }
          written += 1;
        }
        const residences = JSON.stringify(person.homes.map((c) => ({ nationCode: '380', regionCode: c.regionCode, comuneCode: c.istatCode })));
        if (streams.beneficiary.push(row([person.id, person.taxCode, person.surname, person.name, person.birthYear, person.birthPlace, person.female ? '2' : '1', person.citizenship, null, residences, updatedAt]))) await streams.beneficiary.flush();
        if (i < 4) {
          const active = benefits.filter((b) => b.status === 'ACTIVE').length;
          if (i === 0) { samples.position100 = person.taxCode; expected.position100 = active; }
          if (i === 1) {
            samples.position10 = person.taxCode;
            expected.position10 = active;
            const first = benefits[0] as GeneratedBenefit;
            probe = { record: first.record, benefitId: first.id };
          }
          if (i === 2) { samples.position1 = person.taxCode; expected.position1 = active; }
          if (i === 3) { samples.typical = person.taxCode; expected.typicalBenefits = active; expected.typicalSina = benefits.filter((b) => b.sina).length; }
        }
        const now = performance.now();
        if (now - lastReport >= 1000) {
          lastReport = now;
          const rate = written / ((now - copyStart) / 1000);
          progress(`benefits ${fmt(written)}/${fmt(options.benefits)} (${((100 * written) / options.benefits).toFixed(1)}%), persons ${fmt(i + 1)}, SINA ${fmt(streams.sina.rows)}: ${fmt(rate)} benefits/s`);
        }
      }
      for (const s of Object.values(streams)) await s.end();
    } catch (error) {
      for (const s of Object.values(streams)) await s.abort();
      throw error;
    }
    steps.push({ name: 'COPY benefits.beneficiary', rows: streams.beneficiary.rows, seconds: streams.beneficiary.seconds });
    steps.push({ name: 'COPY benefits.benefit', rows: streams.benefit.rows, seconds: streams.benefit.seconds });
    steps.push({ name: 'COPY assessments.sina_assessment', rows: streams.sina.rows, seconds: streams.sina.seconds });

    await step('COPY benefits.submission + assessments.submission', (n) => n, async () => {
      const benefitsSubmissions = await CopyStream.open(databaseUrl, 'benefits.submission', SUBMISSION_COLUMNS);
      const assessmentsSubmissions = await CopyStream.open(databaseUrl, 'assessments.submission', SUBMISSION_COLUMNS);
      for (const s of generator.submissions.rows.values()) {
        const e = s.ente.attributes;
        const rest = [s.ente.channel, s.flowName, e.Codice, e.Denominazione ?? null, e.Indirizzo.toUpperCase(), e.CFOperatore, s.receivedAt];
        await benefitsSubmissions.write(row([s.id, ...rest]));
        if (s.usedByAssessments) await assessmentsSubmissions.write(row([s.assessmentsId, ...rest]));
      }
      await benefitsSubmissions.end();
      await assessmentsSubmissions.end();
      return benefitsSubmissions.rows + assessmentsSubmissions.rows;
    });
    progress(`copied ${fmt(written)} benefits in ${((performance.now() - copyStart) / 1000).toFixed(1)} s; recreating indexes and constraints`);

    await step('recreate indexes and constraints', () => objects.constraints.length + objects.indexes.length, () => recreate(admin, objects));
    const after = await schemaFingerprint(admin);
    const schemaDrift = [...before.filter((line) => !after.includes(line)).map((line) => `missing: ${line}`), ...after.filter((line) => !before.includes(line)).map((line) => `extra: ${line}`)];
    await step('ANALYZE', () => LOADED_TABLES.length, () => admin.query(`analyze ${LOADED_TABLES.join(', ')}`));

    progress('SIOSS: 20 Ambiti and their declarations through the offering GraphQL mutations');
    const siossDeclarations = await step('SIOSS declarations (GraphQL mutations)', (n) => n, () => loadSioss(databaseUrl, seed));
    await admin.query('analyze offering.declaration, offering.declared_service, offering.declared_professional, offering.ambito_comune');

    const ente = generator.roma.belfioreCode;
    const enteRows = await admin.query<{ benefits: string; persons: string }>(
      "select count(*) as benefits, count(distinct beneficiary_id) as persons from benefits.benefit where ente_code = $1 and status = 'ACTIVE'", [ente]);
    const activeBenefits = Number(enteRows.rows[0]?.benefits ?? 0);
    if (Number(enteRows.rows[0]?.persons ?? 0) < 50) throw new Error(`ente ${ente} has fewer than 50 persons with ACTIVE benefits`);
    if (!probe) throw new Error('no probe benefit generated');
    return {
      persons: streams.beneficiary.rows, benefits: streams.benefit.rows, sinaAssessments: streams.sina.rows, siossDeclarations,
      seconds: (performance.now() - started) / 1000, samples, ente: { code: ente, activeBenefits }, steps, expected, probe, schemaDrift,
    };
  } finally {
    await admin.end();
  }
}

function assertValid(what: string, violations: ReadonlyArray<{ rule: string; field: string; message: string }>): void {
  if (violations.length > 0) throw new Error(`generated ${what} record is not valid: ${violations.map((v) => `${v.rule} ${v.field}: ${v.message}`).join('; ')}`);
}
