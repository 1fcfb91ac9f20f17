import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Agreement } from './entities/Agreement.ts';
import { Ambito } from './entities/Ambito.ts';
import { AmbitoBody } from './entities/AmbitoBody.ts';
import { AmbitoComune } from './entities/AmbitoComune.ts';
import { ChangeLogEntry } from './entities/ChangeLogEntry.ts';
import { Declaration } from './entities/Declaration.ts';
import { DeclaredProfessional } from './entities/DeclaredProfessional.ts';
import { DeclaredService } from './entities/DeclaredService.ts';
import { FundModule } from './entities/FundModule.ts';
import { ImplementingBody } from './entities/ImplementingBody.ts';

/** Results in key order, null for a missing key: the DataLoader contract. */
function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => map.get(key) ?? null);
}

/** Rows grouped per key, in key order, an empty list for a key without rows. */
function groupedByKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const row of rows) map.set(keyOf(row), [...(map.get(keyOf(row)) ?? []), row]);
  return keys.map((key) => map.get(key) ?? []);
}

/**
 * The declaration shown for an Ambito to people looking for services: its latest FINALISED one, or
 * its latest DRAFT when it has never finalised one. `declarations` are newest year first.
 */
export function shownDeclaration(declarations: readonly Declaration[]): Declaration | null {
  return declarations.find((declaration) => declaration.status === 'FINALISED') ?? declarations[0] ?? null;
}

/** Fresh per request: each loader batches and caches within one GraphQL operation only. */
export function createLoaders(em: EntityManager) {
  const declarationById = new DataLoader<string, Declaration | null>(async (ids) =>
    byKey(ids, await em.find(Declaration, { id: { $in: [...ids] } }), (row) => row.id));
  return {
    ambitoByCode: new DataLoader<string, Ambito | null>(async (codes) =>
      byKey(codes, await em.find(Ambito, { code: { $in: [...codes] } }), (row) => row.code)),
    /** ISTAT Comune code to the code of its Ambito. */
    ambitoCodeByComune: new DataLoader<string, string | null>(async (istatCodes) => {
      const rows = await em.find(AmbitoComune, { istatCode: { $in: [...istatCodes] } });
      return byKey(istatCodes, rows, (row) => row.istatCode).map((row) => row?.ambito.code ?? null);
    }),
    membersByAmbito: new DataLoader<string, AmbitoComune[]>(async (codes) =>
      groupedByKey(codes, await em.find(AmbitoComune, { ambito: { $in: [...codes] } }, { orderBy: { istatCode: 'asc' } }), (row) => row.ambito.code)),
    bodyById: new DataLoader<string, ImplementingBody | null>(async (ids) =>
      byKey(ids, await em.find(ImplementingBody, { id: { $in: [...ids] } }), (row) => row.id)),
    bodiesByAmbito: new DataLoader<string, ImplementingBody[]>(async (codes) => {
      const links = await em.find(AmbitoBody, { ambito: { $in: [...codes] } }, { populate: ['body'] });
      const grouped = groupedByKey(codes, links, (row) => row.ambito.code);
      return grouped.map((rows) => rows.map((row) => row.body.getEntity()).sort((a, b) => a.code.localeCompare(b.code)));
    }),
    agreementsByAmbito: new DataLoader<string, Agreement[]>(async (codes) =>
      groupedByKey(codes, await em.find(Agreement, { ambito: { $in: [...codes] } }, { orderBy: { createdAt: 'asc', id: 'asc' } }), (row) => row.ambito.code)),
    declarationById,
    /** An Ambito's declarations, newest year first; each also primes declarationById. */
    declarationsByAmbito: new DataLoader<string, Declaration[]>(async (codes) => {
      const rows = await em.find(Declaration, { ambito: { $in: [...codes] } }, { orderBy: { year: 'desc' } });
      for (const row of rows) declarationById.prime(row.id, row);
      return groupedByKey(codes, rows, (row) => row.ambito.code);
    }),
    servicesByDeclaration: new DataLoader<string, DeclaredService[]>(async (ids) =>
      groupedByKey(ids, await em.find(DeclaredService, { declaration: { $in: [...ids] } }, { orderBy: { catalogueCode: 'asc' } }), (row) => row.declaration.id)),
    /** With the employer body joined in: its kind decides whether a social worker counts for the essential level. */
    professionalsByDeclaration: new DataLoader<string, DeclaredProfessional[]>(async (ids) =>
      groupedByKey(ids, await em.find(DeclaredProfessional, { declaration: { $in: [...ids] } }, {
        populate: ['employerBody'], strategy: 'joined', orderBy: { profession: 'asc', createdAt: 'asc', id: 'asc' },
      }), (row) => row.declaration.id)),
    fundModulesByDeclaration: new DataLoader<string, FundModule[]>(async (ids) =>
      groupedByKey(ids, await em.find(FundModule, { declaration: { $in: [...ids] } }, { orderBy: { fund: 'asc' } }), (row) => row.declaration.id)),
    historyByDeclaration: new DataLoader<string, ChangeLogEntry[]>(async (ids) =>
      groupedByKey(ids, await em.find(ChangeLogEntry, { declarationId: { $in: [...ids] } }, { orderBy: { id: 'asc' } }), (row) => row.declarationId as string)),
    /** Changes to the Ambito itself, not to its declarations. */
    historyByAmbito: new DataLoader<string, ChangeLogEntry[]>(async (codes) =>
      groupedByKey(codes, await em.find(ChangeLogEntry, { ambitoCode: { $in: [...codes] }, declarationId: null }, { orderBy: { id: 'asc' } }), (row) => row.ambitoCode)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
