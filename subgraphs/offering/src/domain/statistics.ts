import { comuneByIstat } from '@siuss/reference/comuni';
import { formatCents, parseMoney } from '@siuss/scalars/money';
import type { AmbitoComune } from '../entities/AmbitoComune.ts';
import type { DeclaredProfessional } from '../entities/DeclaredProfessional.ts';
import type { DeclaredService } from '../entities/DeclaredService.ts';
import type { BodyKind } from './codes.ts';
import { catalogueForYear, catalogueItemInYear, MACRO_ACTIVITIES, type MacroActivity } from './catalogue.ts';
import { socialWorkerRatio, type SocialWorkerRatio } from './ratio.ts';

/**
 * The population figure in use. A newer ISTAT count (resident population on 1 January, as PAS uses)
 * would replace it by swapping the dataset behind `residentsOf`.
 */
export const POPULATION_SOURCE = 'ISTAT, 15th population census 2011: residents per Comune (CC BY 3.0 IT), summed over the member Comuni';

/** Resident population of an Ambito: the sum of its member Comuni's. */
export function residentsOf(members: readonly AmbitoComune[]): number {
  return members.reduce((sum, member) => sum + (comuneByIstat(member.istatCode)?.population2011 ?? 0), 0);
}

/**
 * Kinds of registered body that are a Comune or a form of association of Comuni (unione, comunità
 * montana, consorzio, azienda speciale consortile): the employers L. 178/2020 c. 797 counts besides
 * the member Comuni. Health authorities, ASP and other bodies are not.
 */
const COMUNI_AND_THEIR_ASSOCIATIONS: ReadonlySet<BodyKind> = new Set(['COMUNE', 'UNION_OF_COMUNI', 'MOUNTAIN_COMMUNITY', 'CONSORTIUM', 'SPECIAL_CONSORTIUM_COMPANY']);

/**
 * True for a row that counts towards the essential level: social workers with a permanent contract
 * (tempo indeterminato) employed by a member Comune (`COMUNE`) or by a body of the Ambito that is a
 * Comune or an association of Comuni (`AMBITO_BODY`), as L. 178/2020 c. 797 counts them. Fixed-term,
 * agency, self-employed and outsourced staff, and staff of health authorities, the third sector or
 * other employers, do not count. `employerBody` must be loaded (the loader populates it).
 */
export function countsForEssentialLevel(row: DeclaredProfessional): boolean {
  if (row.profession !== 'SOCIAL_WORKER' || row.contractType !== 'PERMANENT') return false;
  if (row.employerKind === 'COMUNE') return true;
  return row.employerKind === 'AMBITO_BODY' && row.employerBody !== null && row.employerBody !== undefined &&
    COMUNI_AND_THEIR_ASSOCIATIONS.has(row.employerBody.getEntity().kind);
}

/** The ratio, plus the social workers declared but not counted, so the exclusion stays visible. */
export interface SocialWorkerCount extends SocialWorkerRatio {
  excludedHeadCount: number;
  excludedFte: string;
}

/**
 * Social workers against the essential level: only the rows `countsForEssentialLevel` accepts enter
 * the head-count, the FTE and the ratio; the other SOCIAL_WORKER rows are reported as excluded.
 */
export function socialWorkersOf(professionals: readonly DeclaredProfessional[], residents: number): SocialWorkerCount {
  const social = professionals.filter((row) => row.profession === 'SOCIAL_WORKER');
  const counted = social.filter(countsForEssentialLevel);
  const excluded = social.filter((row) => !countsForEssentialLevel(row));
  const fteOf = (rows: readonly DeclaredProfessional[]) => rows.reduce((sum, row) => sum + parseMoney(row.fte), 0n);
  const headCountOf = (rows: readonly DeclaredProfessional[]) => rows.reduce((sum, row) => sum + row.headCount, 0);
  return {
    ...socialWorkerRatio(residents, fteOf(counted), headCountOf(counted)),
    excludedHeadCount: headCountOf(excluded),
    excludedFte: formatCents(fteOf(excluded)),
  };
}

export const macroActivityOf = (catalogueCode: string, year: number): MacroActivity | undefined => catalogueItemInYear(catalogueCode, year)?.macroActivity;

/** Per macro-activity: the services declared and the catalogue items valid in the year. */
export function servicesByMacroActivity(services: readonly DeclaredService[], year: number) {
  const items = catalogueForYear(year);
  return MACRO_ACTIVITIES.map((macroActivity) => ({
    macroActivity,
    servicesPresent: services.filter((service) => macroActivityOf(service.catalogueCode, year) === macroActivity).length,
    catalogueItems: items.filter((item) => item.macroActivity === macroActivity).length,
  }));
}
