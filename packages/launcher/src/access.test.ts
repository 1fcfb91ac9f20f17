import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadJwtSettings } from '@siuss/auth/config';
import { inspectToken } from '@siuss/auth/token';
import { createPublicKey, verify } from 'node:crypto';
import { demoAccess } from './access.ts';

describe('what npm start says about access', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'siuss-access-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints a case worker token of the development key, with the GraphiQL headers and a curl that use it', async () => {
    const jwt = loadJwtSettings({}, { environment: 'development', dataDir });
    const access = await demoAccess(jwt, 'http://localhost:4000/graphql', '{ person(taxCode: "SPSNNA41A69F839C") { surname } }');
    const token = access.token!;
    if (jwt.keys.kind !== 'development') throw new Error('expected the development key');
    const inspected = inspectToken(token, jwt);
    expect(inspected).toMatchObject({ claims: { roles: ['CASE_WORKER'], ente: 'F839', scope: expect.stringContaining('health:read') } });
    // Signed by the development key the gateway trusts.
    const [header, payload, signature] = token.split('.') as [string, string, string];
    expect(verify('sha256', Buffer.from(`${header}.${payload}`), { key: createPublicKey(jwt.keys.publicKeyPem), dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))).toBe(true);
    const text = access.lines.join('\n');
    expect(text).toContain(`export TOKEN=${token}`);
    expect(text).toContain(JSON.stringify({ Authorization: `Bearer ${token}`, 'x-siuss-purpose': 'presa in carico' }));
    expect(text).toContain(`-H "authorization: Bearer $TOKEN" -H 'x-siuss-purpose: presa in carico'`);
  });

  it('says where tokens come from when a real identity provider is configured', async () => {
    const jwt = loadJwtSettings({ SIUSS_JWT_JWKS_URL: 'https://idp.example/jwks', SIUSS_JWT_ISSUER: 'https://idp.example' }, { environment: 'development', dataDir });
    const access = await demoAccess(jwt, 'http://localhost:4000/graphql', '{ __typename }');
    expect(access.token).toBeUndefined();
    expect(access.lines.join('\n')).toMatch(/from the identity provider \(issuer https:\/\/idp\.example/);
  });
});
