import type { GraphQLError } from 'graphql';
import type { Logger } from '@siuss/logging/logger';
import type { RegistrySettings } from '../config.ts';
import { cachedBatch } from './batch.ts';
import { TtlCache } from './cache.ts';
import { RegistryClient, RegistryRejected } from './client.ts';

export type HealthHomeCareKind = 'OCCASIONAL' | 'ADI_LEVEL_1' | 'ADI_LEVEL_2' | 'ADI_LEVEL_3' | 'PALLIATIVE';
export type HealthFacilityKind = 'RSA' | 'DISABILITY_CENTRE' | 'DAY_CENTRE' | 'MENTAL_HEALTH';

/** Health facts as the hub serves them (`HealthRecord` in the SDL). */
export interface HealthRecord {
  civilInvalidity: { percentage: number; accompanyingAllowance: boolean; recognizedOn: string; reviewDue: string | null } | null;
  law104: { severe: boolean; recognizedOn: string; reviewDue: string | null } | null;
  homeCare: Array<{ kind: HealthHomeCareKind; startDate: string; endDate: string | null; accesses: number }>;
  residentialCare: Array<{ setting: 'RESIDENTIAL' | 'SEMI_RESIDENTIAL'; facilityKind: HealthFacilityKind; admissionDate: string; dischargeDate: string | null }>;
  source: string;
  fetchedAt: string;
}

/** The registry's wire format (see mocks/README.md). */
interface SchedaSanitaria {
  trovato: boolean;
  invaliditaCivile: { percentuale: number; indennitaAccompagnamento: boolean; dataRiconoscimento: string; dataRevisione: string | null } | null;
  legge104: { gravita: boolean; dataRiconoscimento: string; dataRevisione: string | null } | null;
  assistenzaDomiciliare: Array<{ tipo: string; dataInizio: string; dataFine: string | null; accessi: number }>;
  assistenzaResidenziale: Array<{ regime: string; tipoStruttura: string; dataAmmissione: string; dataDimissione: string | null }>;
}

const HOME_CARE: Record<string, HealthHomeCareKind> = { OCCASIONALE: 'OCCASIONAL', ADI_1: 'ADI_LEVEL_1', ADI_2: 'ADI_LEVEL_2', ADI_3: 'ADI_LEVEL_3', CURE_PALLIATIVE: 'PALLIATIVE' };
const FACILITY: Record<string, HealthFacilityKind> = { RSA: 'RSA', CENTRO_DISABILI: 'DISABILITY_CENTRE', CENTRO_DIURNO_ANZIANI: 'DAY_CENTRE', SALUTE_MENTALE: 'MENTAL_HEALTH' };

function mapped<T>(table: Record<string, T>, code: string): T {
  const value = table[code];
  if (value === undefined) throw new RegistryRejected('the NSIS registry answered an unknown code');
  return value;
}

/**
 * NSIS, the national health information system, as the hub uses it: the health facts that matter
 * to social care for a batch of codici fiscali. Answers are cached for the whole service for
 * `cacheTtlMs` (a few minutes: care episodes open and close). Health facts are sensitive: nothing
 * here logs them or the codes they belong to.
 */
export class NsisRegistry {
  readonly client: RegistryClient;
  readonly #cache: TtlCache<HealthRecord | null>;
  readonly #now: () => Date;

  constructor(options: { settings: RegistrySettings; logger: Logger; now?: () => Date }) {
    this.client = new RegistryClient({ name: 'NSIS', owner: 'NSIS', settings: options.settings, logger: options.logger });
    this.#now = options.now ?? (() => new Date());
    this.#cache = new TtlCache(options.settings.cacheMaxEntries, () => this.#now().getTime());
  }

  /** Each person's record, in order (null: NSIS holds none, e.g. a legal person; the typed GraphQL error where the registry failed). */
  records(taxCodes: readonly string[]): Promise<Array<HealthRecord | null | GraphQLError>> {
    const { cacheTtlMs, cacheMissTtlMs } = this.client.settings;
    return cachedBatch({
      keys: taxCodes,
      cacheKey: (taxCode) => taxCode,
      cache: this.#cache,
      client: this.client,
      ttlFor: (value) => (value ? cacheTtlMs : cacheMissTtlMs),
      fetch: async (batch) => {
        const answer = await this.client.post<{ esiti?: SchedaSanitaria[] }>('/persone/ricerca', { codiciFiscali: batch });
        if (!Array.isArray(answer.esiti) || answer.esiti.length !== batch.length) throw new RegistryRejected('the NSIS registry answered a batch of the wrong size');
        const fetchedAt = this.#now().toISOString();
        return answer.esiti.map((scheda) => (scheda.trovato ? this.#toRecord(scheda, fetchedAt) : null));
      },
    });
  }

  #toRecord(s: SchedaSanitaria, fetchedAt: string): HealthRecord {
    return {
      civilInvalidity: s.invaliditaCivile && {
        percentage: s.invaliditaCivile.percentuale,
        accompanyingAllowance: s.invaliditaCivile.indennitaAccompagnamento,
        recognizedOn: s.invaliditaCivile.dataRiconoscimento,
        reviewDue: s.invaliditaCivile.dataRevisione,
      },
      law104: s.legge104 && { severe: s.legge104.gravita, recognizedOn: s.legge104.dataRiconoscimento, reviewDue: s.legge104.dataRevisione },
      homeCare: s.assistenzaDomiciliare.map((episode) => ({
        kind: mapped(HOME_CARE, episode.tipo),
        startDate: episode.dataInizio,
        endDate: episode.dataFine,
        accesses: episode.accessi,
      })),
      residentialCare: s.assistenzaResidenziale.map((stay) => ({
        setting: stay.regime === 'RESIDENZIALE' ? 'RESIDENTIAL' : 'SEMI_RESIDENTIAL',
        facilityKind: mapped(FACILITY, stay.tipoStruttura),
        admissionDate: stay.dataAmmissione,
        dischargeDate: stay.dataDimissione,
      })),
      source: this.client.source,
      fetchedAt,
    };
  }
}
