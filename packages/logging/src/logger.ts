import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Keys that may carry personal data (codice fiscale, names, health and family facts).
 * They are censored wherever they appear in a log object, so a careless `log.info({ record })`
 * cannot leak them.
 */
const PERSONAL_KEYS = [
  'taxCode', 'taxCodes', 'codiceFiscale', 'CodiceFiscale', 'CFOperatore', 'operatorTaxCode',
  'surname', 'Cognome', 'firstName', 'Nome', 'givenName', 'birthYear', 'AnnoNascita', 'birthPlace',
  'authorization', 'cookie', 'variables', 'params', 'beneficiary', 'person',
];

export interface LoggerOptions {
  name: string;
  level: string;
  /** Human-readable output (development); JSON otherwise. */
  pretty?: boolean;
  /** Where to write (stdout by default); tests capture it. */
  destination?: DestinationStream;
}

/** A pino logger that redacts personal data at any depth of the logged object. */
export function createLogger({ name, level, pretty = false, destination }: LoggerOptions): Logger {
  const paths = PERSONAL_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
  const options = {
    name,
    level,
    redact: { paths, censor: '[redacted]' },
    ...(pretty && !destination ? { transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } } } : {}),
  };
  return destination ? pino(options, destination) : pino(options);
}
