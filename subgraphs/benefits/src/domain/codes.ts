/** GraphQL enum values and the XSD codes they stand for (PS_PSA_SINA201812.xsd). */
export const SEX = { MALE: '1', FEMALE: '2' } as const;
export const MEANS_TEST = { ISEE: '1', OTHER_MEANS_TEST: '2', ISEE_EXEMPT: '3', NONE: '4' } as const;
export const NATURE = { PERIODIC: '1', ONE_OFF: '2' } as const;
export const USER_AREA = { FAMILY_AND_MINORS: '1', DISABILITY_AND_DEPENDENCY: '2', POVERTY_AND_EXCLUSION: '3' } as const;

/** The GraphQL enum value for an XSD code; throws on a code the database should never hold. */
export function enumFor<T extends Record<string, string>>(table: T, code: string): keyof T {
  const entry = Object.entries(table).find(([, value]) => value === code);
  if (!entry) throw new Error(`Unexpected stored code ${code}`);
  return entry[0] as keyof T;
}

/** The XSD code for a GraphQL enum value, or undefined when the value is absent. */
export function codeFor<T extends Record<string, string>>(table: T, value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return table[value as keyof T];
}
