import { addDays, addMonths, daysInMonth, dateOf, yearOf } from '../common/dates.ts';
import { Random } from '../common/random.ts';
import { birthOf, inventTaxCode, isLegalPerson } from '../common/tax-codes.ts';

export type IseeKind = 'ORDINARIO' | 'MINORENNI' | 'SOCIO_SANITARIO' | 'SOCIO_SANITARIO_RESIDENZIALE' | 'UNIVERSITARIO' | 'CORRENTE';
export type HouseholdRole = 'DICHIARANTE' | 'CONIUGE' | 'FIGLIO' | 'ALTRO_COMPONENTE';

export interface HouseholdMember {
  codiceFiscale: string;
  ruolo: HouseholdRole;
}

/** An ISEE attestation as the mock registry answers it (amounts as two-decimal strings). */
export interface Attestazione {
  protocolloDsu: string;
  annoProtocollo: number;
  dataPresentazione: string;
  /** Last day of validity. */
  dataScadenza: string;
  tipoIsee: IseeKind;
  valoreIsee: string;
  ise: string;
  isr: string;
  isp: string;
  scalaEquivalenza: string;
  /** The declarant first. */
  nucleoFamiliare: HouseholdMember[];
  omissioni: boolean;
  difformita: boolean;
}

/** `INPS-ISEE-YYYY-NNNNNNNNX-NN`, the format of a real DSU protocol. */
export const DSU_PROTOCOL = /^INPS-ISEE-(\d{4})-(\d{8})([A-Z])-(\d{2})$/;

/** The ISEE reform (DPCM 159/2013) started on 1 January 2015: no attestation of the current kind before. */
const FIRST_YEAR = 2015;

const BASE_SCALE = [100, 157, 204, 246, 285];

function cents(value: number): string {
  const rounded = Math.max(0, Math.round(value));
  return `${Math.floor(rounded / 100)}.${String(rounded % 100).padStart(2, '0')}`;
}

/** Scala di equivalenza in hundredths: the DPCM 159/2013 parameters plus the large-family increase. */
export function equivalenceScale(size: number, children: number): number {
  const base = size <= 5 ? (BASE_SCALE[size - 1] ?? 100) : 285 + 35 * (size - 5);
  const increase = children >= 5 ? 50 : children === 4 ? 35 : children === 3 ? 20 : 0;
  return base + increase;
}

function chooseKind(random: Random, age: number): IseeKind {
  if (age < 18) return random.weighted([['ORDINARIO', 70], ['MINORENNI', 30]]);
  if (age <= 25) return random.weighted([['ORDINARIO', 58], ['UNIVERSITARIO', 35], ['CORRENTE', 7]]);
  if (age < 65) return random.weighted([['ORDINARIO', 84], ['CORRENTE', 8], ['MINORENNI', 8]]);
  return random.weighted([['ORDINARIO', 58], ['SOCIO_SANITARIO', 27], ['SOCIO_SANITARIO_RESIDENZIALE', 10], ['CORRENTE', 5]]);
}

function chooseSize(random: Random, age: number, kind: IseeKind): number {
  if (kind === 'SOCIO_SANITARIO' || kind === 'SOCIO_SANITARIO_RESIDENZIALE') return random.weighted([[1, 70], [2, 30]]);
  if (age < 18) return random.weighted([[2, 15], [3, 35], [4, 35], [5, 12], [6, 3]]);
  if (kind === 'MINORENNI') return random.weighted([[2, 20], [3, 40], [4, 30], [5, 10]]);
  if (kind === 'UNIVERSITARIO') return random.weighted([[1, 15], [2, 10], [3, 35], [4, 30], [5, 10]]);
  if (age >= 65) return random.weighted([[1, 45], [2, 45], [3, 10]]);
  return random.weighted([[1, 30], [2, 22], [3, 22], [4, 19], [5, 6], [6, 1]]);
}

function presentationDate(random: Random, year: number, kind: IseeKind): string {
  // Most DSUs are presented early in the year, with a second wave before the school year.
  const month = kind === 'CORRENTE'
    ? random.int(1, 12)
    : random.weighted([[1, 30], [2, 18], [3, 12], [4, 7], [5, 5], [6, 4], [7, 4], [8, 3], [9, 7], [10, 5], [11, 3], [12, 2]]);
  return dateOf(year, month, random.int(1, daysInMonth(year, month)));
}

interface Person {
  taxCode: string;
  birthYear: number;
}

/**
 * The household: the declarant first. A minor's household is declared by an invented parent;
 * otherwise the person is the declarant, with a spouse and children or other members invented
 * (same surname letters, plausible birth years, valid codici fiscali).
 */
function household(random: Random, person: Person, year: number, kind: IseeKind, size: number): HouseholdMember[] {
  const surnameCode = person.taxCode.slice(0, 3);
  const invent = (birthYear: number) => inventTaxCode(random, { birthYear: Math.min(birthYear, year), surnameCode });
  const age = year - person.birthYear;
  const members: HouseholdMember[] = [];
  if (age < 18) {
    const parentBirth = person.birthYear - random.int(22, 42);
    members.push({ codiceFiscale: invent(parentBirth), ruolo: 'DICHIARANTE' });
    if (size >= 3 && random.chance(0.75)) members.push({ codiceFiscale: invent(parentBirth + random.int(-5, 5)), ruolo: 'CONIUGE' });
    members.push({ codiceFiscale: person.taxCode, ruolo: 'FIGLIO' });
    while (members.length < size) members.push({ codiceFiscale: invent(person.birthYear + random.int(-6, 6)), ruolo: 'FIGLIO' });
    return members;
  }
  members.push({ codiceFiscale: person.taxCode, ruolo: 'DICHIARANTE' });
  if (size >= 2 && age >= 26 && kind !== 'UNIVERSITARIO' && random.chance(age >= 65 ? 0.85 : 0.7)) {
    members.push({ codiceFiscale: invent(person.birthYear + random.int(-6, 6)), ruolo: 'CONIUGE' });
  }
  while (members.length < size) {
    if (kind === 'UNIVERSITARIO') {
      members.push({ codiceFiscale: invent(person.birthYear - random.int(22, 38)), ruolo: 'ALTRO_COMPONENTE' });
      continue;
    }
    // Children are born between the parent's 20th and 45th year, and not after this year; a
    // minor when the DSU is for benefits to minors.
    const earliest = kind === 'MINORENNI' ? Math.max(person.birthYear + 18, year - 17) : person.birthYear + 20;
    const latest = Math.min(year, person.birthYear + 45);
    if (earliest <= latest) members.push({ codiceFiscale: invent(random.int(earliest, latest)), ruolo: 'FIGLIO' });
    else members.push({ codiceFiscale: invent(person.birthYear + random.int(-30, 30)), ruolo: 'ALTRO_COMPONENTE' });
  }
  return members;
}

interface Draft {
  person: Person;
  year: number;
  kind: IseeKind;
  size: number;
  presented: string;
  protocol: string;
}

function build(random: Random, draft: Draft): Attestazione {
  const { person, year, kind, size, presented } = draft;
  const members = household(random, person, year, kind, size);
  const children = members.filter((member) => member.ruolo === 'FIGLIO').length;
  const scale = equivalenceScale(members.length, children);
  const age = year - person.birthYear;
  const incomeFactor = kind === 'UNIVERSITARIO' ? 1.5 : kind === 'CORRENTE' ? 0.55 : age >= 65 ? 1.1 : 1;
  // Amounts in cents. ISR and ISP are skewed as real household incomes and assets are.
  const isr = random.chance(0.05)
    ? random.int(0, 300_000)
    : Math.round(random.logNormal(1_250_000 * incomeFactor * (scale / 100) ** 0.8, 0.7));
  const isp = random.chance(0.45) ? random.int(0, 800_000) : Math.min(Math.round(random.logNormal(4_500_000, 1.0)), 300_000_000);
  const ise = isr + Math.round(isp * 0.2);
  const isee = Math.round((ise * 100) / scale);
  return {
    protocolloDsu: draft.protocol,
    annoProtocollo: year,
    dataPresentazione: presented,
    dataScadenza: kind === 'CORRENTE' ? addDays(addMonths(presented, 6), -1) : `${year}-12-31`,
    tipoIsee: kind,
    valoreIsee: cents(isee),
    ise: cents(ise),
    isr: cents(isr),
    isp: cents(isp),
    scalaEquivalenza: cents(scale),
    nucleoFamiliare: members,
    omissioni: random.chance(0.06),
    difformita: random.chance(0.04),
  };
}

/**
 * The attestation a person obtained on a DSU presented in `year`, or null: about one person in five
 * has none in a given year (some never present one). Pure: the same code and year always give the
 * same attestation. It ignores today's date; see `validOn`.
 */
export function attestationOfYear(taxCode: string, year: number, currentYear: number): Attestazione | null {
  if (isLegalPerson(taxCode) || year < FIRST_YEAR) return null;
  if (new Random(`isee-filer|${taxCode}`).chance(0.14)) return null;
  const random = new Random(`isee|${taxCode}|${year}`);
  if (!random.chance(0.93)) return null;
  const { birthDate } = birthOf(taxCode, currentYear);
  const birthYear = yearOf(birthDate);
  if (birthYear > year) return null;
  const age = year - birthYear;
  const kind = chooseKind(random, age);
  const size = chooseSize(random, age, kind);
  let presented = presentationDate(random, year, kind);
  if (presented < birthDate) {
    // A newborn enters a DSU presented after the birth, if one still is that year.
    const from = addDays(birthDate, 30);
    if (yearOf(from) > year) return null;
    presented = from;
  }
  const digits = String(random.int(0, 99_999_999)).padStart(8, '0');
  const protocol = `INPS-ISEE-${year}-${digits}${String.fromCharCode(65 + random.int(0, 25))}-${random.chance(0.06) ? '01' : '00'}`;
  return build(random, { person: { taxCode, birthYear }, year, kind, size, presented, protocol });
}

/**
 * The attestation valid on `date` (presented on or before it, not yet expired), as the registry
 * knows it on `today`: a DSU not yet presented by then does not exist. Null when none.
 */
export function validOn(taxCode: string, date: string, today: string): Attestazione | null {
  const year = yearOf(date);
  const currentYear = yearOf(today);
  const candidates = [attestationOfYear(taxCode, year, currentYear), attestationOfYear(taxCode, year - 1, currentYear)];
  const valid = candidates.filter((candidate): candidate is Attestazione =>
    candidate !== null && candidate.dataPresentazione <= date && date <= candidate.dataScadenza && candidate.dataPresentazione <= today);
  return valid.sort((a, b) => b.dataPresentazione.localeCompare(a.dataPresentazione))[0] ?? null;
}

/**
 * The attestation of a DSU protocol, for a person who belongs to its household (the registry
 * answers only to who names a member, as INPS's consultation services do). Null when the protocol
 * is unknown, belongs to another household, or was not yet presented on `today`.
 */
export function byProtocol(protocol: string, taxCode: string, today: string): Attestazione | null {
  const match = DSU_PROTOCOL.exec(protocol);
  if (!match) return null;
  const attestation = attestationOfYear(taxCode, Number(match[1]), yearOf(today));
  if (!attestation || attestation.protocolloDsu !== protocol || attestation.dataPresentazione > today) return null;
  return attestation.nucleoFamiliare.some((member) => member.codiceFiscale === taxCode) ? attestation : null;
}
