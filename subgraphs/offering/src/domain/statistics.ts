import { comuneByIstat } from '@siuss/reference/comuni';
import { parseMoney } from '@siuss/scalars/money';
import type { AmbitoComune } from '../entities/AmbitoComune.ts';
import type { DeclaredProfessional } from '../entities/DeclaredProfessional.ts';
import type { DeclaredService } from '../entities/DeclaredService.ts';
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

/** Social workers (profession SOCIAL_WORKER, any employer and contract) against the essential level. */
export function socialWorkersOf(professionals: readonly DeclaredProfessional[], residents: number): SocialWorkerRatio {
  const social = professionals.filter((row) => row.profession === 'SOCIAL_WORKER');
  const fte = social.reduce((sum, row) => sum + parseMoney(row.fte), 0n);
  const headCount = social.reduce((sum, row) => sum + row.headCount, 0);
  return socialWorkerRatio(residents, fte, headCount);
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
