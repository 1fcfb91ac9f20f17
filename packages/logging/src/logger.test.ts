import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createLogger } from './logger.ts';

describe('logger', () => {
  it('redacts personal data at any depth, keeping the rest', () => {
    const lines: string[] = [];
    const destination = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
    const logger = createLogger({ name: 'test', level: 'info', destination });
    logger.info({ taxCode: 'RSSMRK66C14H501U', record: { CodiceFiscale: 'RSSMRK66C14H501U', benefit: { code: 'A1.04' }, anagrafica: { Cognome: 'ROSSI' } }, headers: { authorization: 'Bearer secret' } }, 'recorded');
    const output = lines.join('');
    expect(output).not.toContain('RSSMRK66C14H501U');
    expect(output).not.toContain('ROSSI');
    expect(output).not.toContain('secret');
    expect(output).toContain('A1.04');
    expect(output).toContain('[redacted]');
  });
});
