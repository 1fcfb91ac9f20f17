import type { GraphQLError } from 'graphql';
import type { Logger } from '@siuss/logging/logger';
import type { RegistrySettings } from '../config.ts';
import { cachedBatch } from './batch.ts';
import { TtlCache } from './cache.ts';
import { RegistryClient, RegistryRejected } from './client.ts';
import { msUntilEndOf } from './dates.ts';

export type IseeKind = 'ORDINARIO' | 'MINORENNI' | 'SOCIO_SANITARIO' | 'SOCIO_SANITARIO_RESIDENZIALE' | 'UNIVERSITARIO' | 'CORRENTE';
export type IseeHouseholdRole = 'DICHIARANTE' | 'CONIUGE' | 'FIGLIO' | 'ALTRO_COMPONENTE';

/** An ISEE attestation as the hub serves it (`IseeAttestation` in the SDL). */
export interface IseeAttestation {
  dsuProtocol: string;
  dsuYear: number;
  presentationDate: string;
  validUntil: string;
  kind: IseeKind;
  value: string;
  isr: string;
  isp: string;
  ise: string;
  equivalenceScale: string;
  household: Array<{ taxCode: string; role: IseeHouseholdRole }>;
  omissions: boolean;
  discrepancies: boolean;
  source: string;
  /** ISO 8601; kept from the original fetch when served from the cache. */
  fetchedAt: string;
}

/** The registry's wire format (see mocks/README.md). */
interface Attestazione {
  protocolloDsu: string;
  annoProtocollo: number;
  dataPresentazione: string;
  dataScadenza: string;
  tipoIsee: IseeKind;
  valoreIsee: string;
  ise: string;
  isr: string;
  isp: string;
  scalaEquivalenza: string;
  nucleoFamiliare: Array<{ codiceFiscale: string; ruolo: IseeHouseholdRole }>;
  omissioni: boolean;
  difformita: boolean;
}

/** `INPS-ISEE-YYYY-NNNNNNNNX-NN`: a protocol in another shape cannot be in the registry, so it is not asked. */
export const DSU_PROTOCOL = /^INPS-ISEE-\d{4}-\d{8}[A-Z]-\d{2}$/;

export interface ProtocolKey {
  protocol: string;
  taxCode: string;
}

/**
 * The INPS ISEE registry, as the hub uses it: the attestation valid on a date for a batch of
 * codici fiscali, and attestations by DSU protocol. Answers are cached for the whole service: a
 * found attestation until its validity ends (it does not change meanwhile), capped by
 * `cacheTtlMs`; "none" for `cacheMissTtlMs`, since a DSU may be presented any day.
 */
export class IseeRegistry {
  readonly client: RegistryClient;
  readonly #cache: TtlCache<IseeAttestation | null>;
  readonly #now: () => Date;

  constructor(options: { settings: RegistrySettings; logger: Logger; now?: () => Date }) {
    this.client = new RegistryClient({ name: 'ISEE', owner: 'INPS ISEE', settings: options.settings, logger: options.logger });
    this.#now = options.now ?? (() => new Date());
    this.#cache = new TtlCache(options.settings.cacheMaxEntries, () => this.#now().getTime());
  }

  /** The attestation valid on `date` for each code, in order (null: none; the typed GraphQL error where the registry failed). */
  validOn(taxCodes: readonly string[], date: string): Promise<Array<IseeAttestation | null | GraphQLError>> {
    return cachedBatch({
      keys: taxCodes,
      cacheKey: (taxCode) => `valid|${taxCode}|${date}`,
      cache: this.#cache,
      client: this.client,
      ttlFor: (value) => this.#ttl(value),
      fetch: async (batch) => {
        const answer = await this.client.post<{ esiti?: Array<{ attestazione: Attestazione | null }> }>('/attestazioni/ricerca', { dataValidita: date, codiciFiscali: batch });
        return this.#read(answer.esiti, batch.length);
      },
    });
  }

  /** The attestation of each DSU protocol for a member of its household, in order (null: unknown to the registry; the typed GraphQL error where it failed). */
  byProtocol(keys: readonly ProtocolKey[]): Promise<Array<IseeAttestation | null | GraphQLError>> {
    return cachedBatch({
      keys,
      cacheKey: ({ protocol, taxCode }) => `dsu|${protocol}|${taxCode}`,
      cache: this.#cache,
      client: this.client,
      ttlFor: (value) => this.#ttl(value),
      fetch: async (batch) => {
        const answer = await this.client.post<{ esiti?: Array<{ attestazione: Attestazione | null }> }>('/attestazioni/ricerca-per-protocollo', {
          richieste: batch.map(({ protocol, taxCode }) => ({ protocolloDsu: protocol, codiceFiscale: taxCode })),
        });
        return this.#read(answer.esiti, batch.length);
      },
    });
  }

  #read(esiti: Array<{ attestazione: Attestazione | null }> | undefined, expected: number): Array<IseeAttestation | null> {
    if (!Array.isArray(esiti) || esiti.length !== expected) throw new RegistryRejected('the ISEE registry answered a batch of the wrong size');
    const fetchedAt = this.#now().toISOString();
    return esiti.map(({ attestazione }) => attestazione ? this.#toAttestation(attestazione, fetchedAt) : null);
  }

  #toAttestation(a: Attestazione, fetchedAt: string): IseeAttestation {
    return {
      dsuProtocol: a.protocolloDsu,
      dsuYear: a.annoProtocollo,
      presentationDate: a.dataPresentazione,
      validUntil: a.dataScadenza,
      kind: a.tipoIsee,
      value: a.valoreIsee,
      isr: a.isr,
      isp: a.isp,
      ise: a.ise,
      equivalenceScale: a.scalaEquivalenza,
      household: a.nucleoFamiliare.map((member) => ({ taxCode: member.codiceFiscale, role: member.ruolo })),
      omissions: a.omissioni,
      discrepancies: a.difformita,
      source: this.client.source,
      fetchedAt,
    };
  }

  #ttl(value: IseeAttestation | null): number {
    const { cacheTtlMs, cacheMissTtlMs } = this.client.settings;
    if (!value) return cacheMissTtlMs;
    // A past attestation never changes; a current one holds until its validity ends.
    const untilExpiry = msUntilEndOf(value.validUntil, this.#now());
    return untilExpiry <= 0 ? cacheTtlMs : Math.min(cacheTtlMs, untilExpiry);
  }
}
