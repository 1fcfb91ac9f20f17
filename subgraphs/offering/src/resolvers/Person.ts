import type { Context } from '../context.ts';
import type { MacroActivity } from '../domain/catalogue.ts';
import { macroActivityOf } from '../domain/statistics.ts';
import { shownDeclaration } from '../loaders.ts';

/** What the gateway sends for a Person: its key and, through @requires, its residences' Comuni. */
interface PersonReference {
  taxCode: string;
  residences?: ReadonlyArray<{ comuneCode?: string | null } | null> | null;
}

const distinct = <T>(values: readonly T[]): T[] => [...new Set(values)];

export const Person = {
  // The representation carries the @requires fields, which servicesNearby reads.
  __resolveReference: (reference: PersonReference) => reference,

  servicesNearby: async (person: PersonReference, { macroActivity }: { macroActivity?: MacroActivity | null }, { loaders }: Context) => {
    const comuni = distinct((person.residences ?? []).map((residence) => residence?.comuneCode).filter((code): code is string => Boolean(code)));
    const ambitoCodes = distinct((await Promise.all(comuni.map((code) => loaders.ambitoCodeByComune.load(code)))).filter((code) => code !== null));
    const declarations = (await Promise.all(ambitoCodes.map((code) => loaders.declarationsByAmbito.load(code))))
      .map(shownDeclaration)
      .filter((declaration) => declaration !== null);
    const perDeclaration = await Promise.all(declarations.map(async (declaration) => {
      const services = await loaders.servicesByDeclaration.load(declaration.id);
      return macroActivity ? services.filter((service) => macroActivityOf(service.catalogueCode, declaration.year) === macroActivity) : services;
    }));
    return perDeclaration.flat();
  },
};
