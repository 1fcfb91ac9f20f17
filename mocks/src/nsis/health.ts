import { addDays, addMonths, yearOf } from '../common/dates.ts';
import { Random } from '../common/random.ts';
import { birthOf, isLegalPerson } from '../common/tax-codes.ts';

export interface InvaliditaCivile {
  /** 34-100. */
  percentuale: number;
  indennitaAccompagnamento: boolean;
  dataRiconoscimento: string;
  /** Null when the recognition is permanent. */
  dataRevisione: string | null;
}

export interface Legge104 {
  /** Art. 3 comma 3: handicap in situazione di gravità. */
  gravita: boolean;
  dataRiconoscimento: string;
  dataRevisione: string | null;
}

export type TipoAssistenzaDomiciliare = 'OCCASIONALE' | 'ADI_1' | 'ADI_2' | 'ADI_3' | 'CURE_PALLIATIVE';

/** A home-care episode (SIAD flow). */
export interface EpisodioDomiciliare {
  tipo: TipoAssistenzaDomiciliare;
  dataInizio: string;
  /** Null while open. */
  dataFine: string | null;
  accessi: number;
}

export type Regime = 'RESIDENZIALE' | 'SEMIRESIDENZIALE';
export type TipoStruttura = 'RSA' | 'CENTRO_DISABILI' | 'CENTRO_DIURNO_ANZIANI' | 'SALUTE_MENTALE';

/** A residential or semi-residential stay (FAR flow and the disability and mental-health flows). */
export interface Ricovero {
  regime: Regime;
  tipoStruttura: TipoStruttura;
  dataAmmissione: string;
  /** Null while open. */
  dataDimissione: string | null;
}

/** What NSIS answers for one person: the health facts that matter to social care. */
export interface SchedaSanitaria {
  codiceFiscale: string;
  /** False for codes NSIS cannot hold (legal persons): every other list is then empty. */
  trovato: boolean;
  invaliditaCivile: InvaliditaCivile | null;
  legge104: Legge104 | null;
  /** Newest first. */
  assistenzaDomiciliare: EpisodioDomiciliare[];
  /** Newest first. */
  assistenzaResidenziale: Ricovero[];
}

const ACCESSES_PER_MONTH: Record<TipoAssistenzaDomiciliare, number> = { OCCASIONALE: 2, ADI_1: 4, ADI_2: 8, ADI_3: 14, CURE_PALLIATIVE: 20 };

function monthsBetween(from: string, to: string): number {
  return Math.max(1, (yearOf(to) - yearOf(from)) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)));
}

/** Drops what has not started by `today` and marks what is still running, newest first. */
function asOf<T extends { start: string; end: string }>(items: T[], today: string): Array<T & { open: boolean }> {
  return items
    .filter((item) => item.start <= today)
    .map((item) => ({ ...item, open: item.end > today }))
    .sort((a, b) => b.start.localeCompare(a.start));
}

interface History {
  invalidity: InvaliditaCivile | null;
  law104: Legge104 | null;
  home: Array<{ tipo: TipoAssistenzaDomiciliare; start: string; end: string }>;
  stays: Array<{ regime: Regime; tipoStruttura: TipoStruttura; start: string; end: string }>;
}

/**
 * The person's whole generated history, as absolute dates: a civil-invalidity recognition at an age
 * drawn from where disability is common (mostly old age), Law 104 status, home-care episodes and
 * residential or semi-residential stays after it. Pure in the codice fiscale.
 */
function history(taxCode: string, currentYear: number): History {
  const random = new Random(`nsis|${taxCode}`);
  const { birthDate } = birthOf(taxCode, currentYear);
  const onset = random.weighted<'none' | 'child' | 'adult' | 'old'>([['none', 60], ['child', 3], ['adult', 8], ['old', 29]]);
  const home: History['home'] = [];
  const stays: History['stays'] = [];
  let invalidity: InvaliditaCivile | null = null;
  let law104: Legge104 | null = null;

  if (onset === 'child') {
    const recognised = addDays(birthDate, random.int(365, 17 * 365));
    const severe = random.chance(0.5);
    law104 = { gravita: severe, dataRiconoscimento: recognised, dataRevisione: addMonths(birthDate, 18 * 12) };
    if (severe && random.chance(0.3)) {
      const start = addDays(recognised, random.int(60, 900));
      stays.push({ regime: 'SEMIRESIDENZIALE', tipoStruttura: 'CENTRO_DISABILI', start, end: addMonths(start, random.int(12, 60)) });
    }
  } else if (onset !== 'none') {
    const age = onset === 'adult' ? random.int(18, 64) : random.int(65, 95);
    const recognised = addDays(birthDate, age * 365 + random.int(0, 364));
    const percentage = onset === 'adult'
      ? random.weighted([[46, 20], [67, 20], [74, 20], [80, 15], [100, 25]])
      : random.weighted([[67, 15], [74, 15], [80, 20], [100, 50]]);
    const allowance = percentage === 100 && random.chance(onset === 'old' ? 0.7 : 0.35);
    invalidity = {
      percentuale: percentage,
      indennitaAccompagnamento: allowance,
      dataRiconoscimento: recognised,
      dataRevisione: random.chance(onset === 'adult' ? 0.4 : 0.15) ? addMonths(recognised, random.int(2, 5) * 12) : null,
    };
    if (random.chance(0.65)) {
      law104 = {
        gravita: percentage === 100 || random.chance(0.35),
        dataRiconoscimento: addDays(recognised, random.int(0, 120)),
        dataRevisione: invalidity.dataRevisione,
      };
    }
    if (onset === 'old') {
      let cursor = addDays(recognised, random.int(30, 400));
      const episodes = random.weighted([[0, 30], [1, 35], [2, 25], [3, 10]]);
      for (let i = 0; i < episodes; i++) {
        const tipo = random.weighted<TipoAssistenzaDomiciliare>(allowance
          ? [['ADI_2', 35], ['ADI_3', 35], ['CURE_PALLIATIVE', 10], ['ADI_1', 20]]
          : [['OCCASIONALE', 35], ['ADI_1', 40], ['ADI_2', 25]]);
        const end = addMonths(cursor, random.int(1, 10));
        home.push({ tipo, start: cursor, end });
        cursor = addMonths(end, random.int(1, 18));
      }
      if (allowance && random.chance(0.35)) stays.push({ regime: 'RESIDENZIALE', tipoStruttura: 'RSA', start: addMonths(cursor, random.int(1, 24)), end: addMonths(cursor, random.int(30, 90)) });
      else if (random.chance(0.12)) stays.push({ regime: 'SEMIRESIDENZIALE', tipoStruttura: 'CENTRO_DIURNO_ANZIANI', start: addMonths(recognised, random.int(1, 24)), end: addMonths(recognised, random.int(30, 72)) });
    } else {
      if (percentage >= 74 && random.chance(0.15)) stays.push({ regime: 'SEMIRESIDENZIALE', tipoStruttura: 'CENTRO_DISABILI', start: addMonths(recognised, random.int(1, 24)), end: addMonths(recognised, random.int(36, 120)) });
      if (random.chance(0.04)) stays.push({ regime: 'RESIDENZIALE', tipoStruttura: 'SALUTE_MENTALE', start: addMonths(recognised, random.int(1, 36)), end: addMonths(recognised, random.int(40, 60)) });
    }
  } else if (currentYear - yearOf(birthDate) >= 80 && random.chance(0.15)) {
    const start = addDays(birthDate, random.int(80, 90) * 365);
    home.push({ tipo: 'OCCASIONALE', start, end: addMonths(start, random.int(1, 3)) });
  }
  return { invalidity, law104, home, stays };
}

/**
 * The health facts NSIS holds for a codice fiscale on `today`: recognitions and care that started
 * after today are not there yet, care still running has no end date. Deterministic in the code.
 */
export function healthRecord(taxCode: string, today: string): SchedaSanitaria {
  if (isLegalPerson(taxCode)) {
    return { codiceFiscale: taxCode, trovato: false, invaliditaCivile: null, legge104: null, assistenzaDomiciliare: [], assistenzaResidenziale: [] };
  }
  const facts = history(taxCode, yearOf(today));
  return {
    codiceFiscale: taxCode,
    trovato: true,
    invaliditaCivile: facts.invalidity && facts.invalidity.dataRiconoscimento <= today ? facts.invalidity : null,
    legge104: facts.law104 && facts.law104.dataRiconoscimento <= today ? facts.law104 : null,
    assistenzaDomiciliare: asOf(facts.home, today).map(({ tipo, start, end, open }) => ({
      tipo,
      dataInizio: start,
      dataFine: open ? null : end,
      accessi: ACCESSES_PER_MONTH[tipo] * monthsBetween(start, open ? today : end),
    })),
    assistenzaResidenziale: asOf(facts.stays, today).map(({ regime, tipoStruttura, start, open, end }) => ({
      regime,
      tipoStruttura,
      dataAmmissione: start,
      dataDimissione: open ? null : end,
    })),
  };
}
