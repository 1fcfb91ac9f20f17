/** Raised when a setting is present but unusable; the message names the variable and what it accepts. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type Env = Readonly<Record<string, string | undefined>>;

function raw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** A string setting, or `fallback` when unset or blank. */
export function readString(env: Env, name: string, fallback: string): string {
  return raw(env, name) ?? fallback;
}

/** A string setting that may stay unset. */
export function readOptional(env: Env, name: string): string | undefined {
  return raw(env, name);
}

/** An integer setting within [min, max]; a malformed value is a ConfigError, not a silent default. */
export function readInt(env: Env, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(`${name}=${value} is not an integer between ${min} and ${max}.`);
  }
  return parsed;
}

/** A boolean setting: true/false, 1/0, yes/no, on/off. */
export function readBool(env: Env, name: string, fallback: boolean): boolean {
  const value = raw(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(`${name}=${value} is not a boolean (use true or false).`);
}

/** A comma-separated list setting; blanks are dropped. */
export function readList(env: Env, name: string, fallback: readonly string[]): string[] {
  const value = raw(env, name);
  if (value === undefined) return [...fallback];
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

/** One of a closed set of values. */
export function readChoice<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new ConfigError(`${name}=${value} is not one of ${choices.join(', ')}.`);
  }
  return value as T;
}
