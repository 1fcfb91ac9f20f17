import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createFormatError } from './format.ts';
import { notFound, validationFailed } from './errors.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
  return { lines, logger: pino({ level: 'error' }, stream) };
}

describe('formatError', () => {
  it('passes typed errors through unchanged', () => {
    const { logger, lines } = capture();
    const format = createFormatError(logger);
    const error = validationFailed([{ rule: 'R3', field: 'PrestazioniSociali@ImportoMensile', message: 'missing', severity: 'BLOCKING' }]);
    const formatted = format({ message: error.message, extensions: error.extensions }, error);
    expect(formatted.extensions).toMatchObject({ code: 'VALIDATION_FAILED', esito: 'RICHIESTA_INVALIDA' });
    expect(formatted.message).toBe('PrestazioniSociali@ImportoMensile: missing (R3)');
    expect(notFound('gone').extensions).toMatchObject({ code: 'NOT_FOUND', esito: 'DATI_NON_TROVATI' });
    expect(lines).toHaveLength(0);
  });

  it('hides unexpected errors behind an incident id, logging no message text', () => {
    const { logger, lines } = capture();
    const format = createFormatError(logger);
    const leak = new Error('insert into beneficiary values (RSSMRK66C14H501U) failed');
    const wrapped = new GraphQLError(leak.message, { originalError: leak });
    const formatted = format({ message: wrapped.message, path: ['person'] }, wrapped);
    expect(formatted.extensions?.['code']).toBe('INTERNAL_SERVER_ERROR');
    expect(formatted.message).not.toContain('RSSMRK66C14H501U');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(String(formatted.extensions?.['incident']));
    expect(lines[0]).not.toContain('RSSMRK66C14H501U');
  });

  it('tells the caller to retry when the database is down', () => {
    const { logger } = capture();
    const down = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const formatted = createFormatError(logger)({ message: down.message }, new GraphQLError(down.message, { originalError: down }));
    expect(formatted.extensions?.['code']).toBe('SERVICE_UNAVAILABLE');
  });
});
