import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The development identity material of a data folder (`<SIUSS_DATA_DIR>/dev-keys/`). */
export interface DevKeys {
  dir: string;
  /** ES256 signing key of development tokens (`private.pem`, mode 0600). */
  privateKeyPem: string;
  privateKeyFile: string;
  /** What the gateway trusts in development (`public.pem`). */
  publicKeyPem: string;
  publicKeyFile: string;
  /** The gateway-to-subgraph HMAC secret of development (`hmac-secret`, mode 0600). */
  hmacSecret: string;
}

/**
 * Writes `file` once: the content goes to a temporary file, then is linked into place, which fails
 * if another process got there first. Either way the file read back is whole and the same for
 * every process, so services started together agree on the keys.
 */
function writeOnce(file: string, make: () => string, mode: number): string {
  if (!existsSync(file)) {
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temporary, make(), { mode, flag: 'wx' });
    try {
      linkSync(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temporary);
    }
  }
  return readFileSync(file, 'utf8');
}

/**
 * The development keys in `dir`, created on first use: an EC P-256 key pair that signs and verifies
 * development tokens, and the HMAC secret the gateway signs subgraph requests with. Private files
 * are mode 0600 in a 0700 folder. Safe to call from several processes at once. Development only:
 * in production the keys come from SIUSS_JWT_JWKS_URL or SIUSS_JWT_PUBLIC_KEY and SIUSS_HMAC_SECRET.
 */
export function ensureDevKeys(dir: string): DevKeys {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privateKeyFile = join(dir, 'private.pem');
  const privateKeyPem = writeOnce(privateKeyFile, () => generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey, 0o600);
  const publicKeyFile = join(dir, 'public.pem');
  const publicKeyPem = writeOnce(publicKeyFile, () => createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }) as string, 0o644);
  const hmacSecret = writeOnce(join(dir, 'hmac-secret'), () => `${randomBytes(32).toString('base64url')}\n`, 0o600).trim();
  return { dir, privateKeyPem, privateKeyFile, publicKeyPem, publicKeyFile, hmacSecret };
}
