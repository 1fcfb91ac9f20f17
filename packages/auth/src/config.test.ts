import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@siuss/config/env';
import { loadJwtSettings, loadSignatureSettings } from './config.ts';
import { ensureDevKeys } from './dev-keys.ts';

const dirs: string[] = [];
const temporary = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'siuss-auth-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('development keys', () => {
  it('are created once, private files 0600, and read back the same', () => {
    const dir = join(temporary(), 'dev-keys');
    const first = ensureDevKeys(dir);
    expect(first.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(first.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(first.hmacSecret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(first.privateKeyFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'hmac-secret')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(ensureDevKeys(dir)).toEqual(first);
  });

  it('are the same for processes that start together', async () => {
    const dir = join(temporary(), 'dev-keys');
    const script = `import { ensureDevKeys } from ${JSON.stringify(fileURLToPath(new URL('./dev-keys.ts', import.meta.url)))}; const k = ensureDevKeys(${JSON.stringify(dir)}); console.log(k.publicKeyPem.length, k.hmacSecret);`;
    const outputs = await Promise.all(Array.from({ length: 6 }, () => new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
    })));
    expect(new Set(outputs).size).toBe(1);
    expect(outputs[0]).toContain(readFileSync(join(dir, 'hmac-secret'), 'utf8').trim());
  });
});

describe('loadJwtSettings and loadSignatureSettings', () => {
  it('use the development keys in development, a key nobody holds in tests, and refuse production without settings', () => {
    const dataDir = temporary();
    const development = loadJwtSettings({}, { environment: 'development', dataDir });
    expect(development).toMatchObject({ keys: { kind: 'development' }, issuer: 'siuss-hub-dev', audience: 'siuss-hub', algorithms: ['RS256', 'ES256'], clockToleranceSeconds: 30 });
    expect(loadSignatureSettings({}, { environment: 'development', dataDir })).toEqual({ hmacSecret: ensureDevKeys(join(dataDir, 'dev-keys')).hmacSecret, source: 'development keys' });
    expect(loadJwtSettings({}, { environment: 'test', dataDir }).keys.kind).toBe('none');
    const one = loadSignatureSettings({}, { environment: 'test', dataDir });
    expect(one.source).toBe('throwaway (test)');
    expect(loadSignatureSettings({}, { environment: 'test', dataDir }).hmacSecret).not.toBe(one.hmacSecret);
    expect(() => loadJwtSettings({}, { environment: 'production', dataDir })).toThrow(/SIUSS_JWT_JWKS_URL or SIUSS_JWT_PUBLIC_KEY/);
    expect(() => loadSignatureSettings({}, { environment: 'production', dataDir })).toThrow(/In production set SIUSS_HMAC_SECRET/);
    expect(() => loadJwtSettings({ SIUSS_JWT_JWKS_URL: 'https://idp.example/jwks' }, { environment: 'production', dataDir })).toThrow(/SIUSS_JWT_ISSUER/);
  });

  it('read the configured keys, issuer, audience and secret, and say what is wrong with them', () => {
    const dataDir = temporary();
    const { publicKeyPem, publicKeyFile } = ensureDevKeys(join(dataDir, 'keys'));
    const env = { SIUSS_JWT_ISSUER: 'https://idp.example', SIUSS_JWT_AUDIENCE: 'siuss', SIUSS_JWT_ALGORITHMS: 'ES256' };
    expect(loadJwtSettings({ ...env, SIUSS_JWT_PUBLIC_KEY: publicKeyFile }, { environment: 'production', dataDir }))
      .toEqual({ keys: { kind: 'public-key', publicKeyPem, source: publicKeyFile }, issuer: 'https://idp.example', audience: 'siuss', algorithms: ['ES256'], clockToleranceSeconds: 30 });
    expect(loadJwtSettings({ SIUSS_JWT_PUBLIC_KEY: publicKeyPem.replaceAll('\n', '\\n') }, { environment: 'test', dataDir }).keys).toMatchObject({ kind: 'public-key', publicKeyPem });
    expect(loadJwtSettings({ ...env, SIUSS_JWT_JWKS_URL: 'https://idp.example/.well-known/jwks.json' }, { environment: 'production', dataDir }).keys)
      .toEqual({ kind: 'jwks', url: 'https://idp.example/.well-known/jwks.json' });
    const notAKey = join(dataDir, 'not-a-key.pem');
    writeFileSync(notAKey, 'hello');
    expect(() => loadJwtSettings({ SIUSS_JWT_PUBLIC_KEY: notAKey }, { environment: 'test', dataDir })).toThrow(new ConfigError(`SIUSS_JWT_PUBLIC_KEY=${notAKey} is not a PEM public key (-----BEGIN PUBLIC KEY-----).`));
    expect(() => loadJwtSettings({ SIUSS_JWT_PUBLIC_KEY: '/no/such/file.pem' }, { environment: 'test', dataDir })).toThrow(/neither a PEM public key nor a readable file \(ENOENT\)/);
    expect(() => loadJwtSettings({ SIUSS_JWT_PUBLIC_KEY: publicKeyFile, SIUSS_JWT_JWKS_URL: 'https://x' }, { environment: 'test', dataDir })).toThrow(/not both/);
    expect(() => loadJwtSettings({ SIUSS_JWT_ALGORITHMS: 'HS256' }, { environment: 'test', dataDir })).toThrow(/SIUSS_JWT_ALGORITHMS has HS256; use asymmetric ones/);
    expect(() => loadSignatureSettings({ SIUSS_HMAC_SECRET: 'short' }, { environment: 'production', dataDir })).toThrow(/at least 32 characters/);
    expect(loadSignatureSettings({ SIUSS_HMAC_SECRET: 'x'.repeat(32) }, { environment: 'production', dataDir })).toEqual({ hmacSecret: 'x'.repeat(32), source: 'SIUSS_HMAC_SECRET' });
  });
});
