import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { readHubClaims } from './claims.ts';
import { demoClaims, DEMO_IDENTITIES } from './demo-identities.ts';
import { ROLE_SCOPES, ROLES } from './roles.ts';
import { inspectToken, mintToken } from './token.ts';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const expected = { issuer: 'siuss-hub-dev', audience: 'siuss-hub', algorithms: ['RS256', 'ES256'], clockToleranceSeconds: 30 };
const NOW = Date.parse('2026-03-01T10:00:00Z');
const mint = (claims: object, options: { issuer?: string; audience?: string; hours?: number; nowMs?: number } = {}) =>
  mintToken({ privateKeyPem: privateKey, claims: claims as never, issuer: options.issuer ?? expected.issuer, audience: options.audience ?? expected.audience, hours: options.hours ?? 1, nowMs: options.nowMs ?? NOW });
const problem = (result: ReturnType<typeof inspectToken>) => ('problem' in result ? result.problem : undefined);

describe('development identities', () => {
  it('gives every role a demo identity whose claims the gateway accepts, with the role\'s scopes', () => {
    for (const role of ROLES) {
      const claims = demoClaims(role);
      expect(readHubClaims(claims)).toEqual({ claims: { ...claims } });
      expect(claims.scope.split(' ')).toEqual([...ROLE_SCOPES[role]]);
      expect(claims.sub).toMatch(/^[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]$/);
    }
    expect(DEMO_IDENTITIES.CASE_WORKER.ente).toBe('F839');
    expect(demoClaims('ENTE_OPERATOR', { ente: 'F205', scope: 'benefits:read' })).toMatchObject({ ente: 'F205', scope: 'benefits:read', roles: ['ENTE_OPERATOR'] });
  });
});

describe('readHubClaims', () => {
  it('names the claim that is missing or wrong', () => {
    const base = { sub: 'VRDLRA79H61H501S', roles: ['INPS_ADMIN'], scope: 'benefits:read' };
    expect(readHubClaims({ ...base, sub: '' })).toEqual({ problem: expect.stringMatching(/no subject \(sub/) });
    expect(readHubClaims({ ...base, roles: [] })).toEqual({ problem: expect.stringMatching(/names no roles/) });
    expect(readHubClaims({ ...base, roles: ['INPS_ADMIN', 'GOD'] })).toEqual({ problem: expect.stringMatching(/does not know: GOD/) });
    expect(readHubClaims({ ...base, scope: ['a'] })).toEqual({ problem: expect.stringMatching(/scope claim is not a space-separated string/) });
    expect(readHubClaims({ ...base, region: 'Lazio' })).toEqual({ problem: expect.stringMatching(/not a two-digit ISTAT region code/) });
    expect(readHubClaims({ ...base, roles: ['AMBITO_REFERENT'] })).toEqual({ problem: 'a AMBITO_REFERENT token must say its ambito (claim ambito)' });
    expect(readHubClaims({ sub: 'X', roles: ['DPO'] })).toEqual({ claims: { sub: 'X', roles: ['DPO'], scope: '' } });
    expect(readHubClaims('a string')).toEqual({ problem: 'the token payload is not a JSON object' });
  });
});

describe('inspectToken', () => {
  it('passes a good token and returns its header and claims', async () => {
    const result = inspectToken(await mint(demoClaims('ENTE_OPERATOR')), expected, NOW);
    expect(result).toMatchObject({ header: { alg: 'ES256', typ: 'JWT' }, claims: { sub: 'VRDLRA79H61H501S', ente: 'H501', iss: 'siuss-hub-dev', aud: 'siuss-hub' } });
  });

  it('names the reason a token is refused, before any key is needed', async () => {
    const claims = demoClaims('ENTE_OPERATOR');
    expect(problem(inspectToken(await mint(claims, { hours: -2 }), expected, NOW))).toBe('the token expired at 2026-03-01T08:00:00.000Z');
    // Within the clock tolerance an expired token still passes.
    expect(problem(inspectToken(await mint(claims, { hours: 1 }), expected, NOW + 3600_000 + 10_000))).toBeUndefined();
    expect(problem(inspectToken(await mint(claims, { issuer: 'https://idp.example' }), expected, NOW))).toBe('the token was issued by https://idp.example; the hub accepts tokens of siuss-hub-dev');
    expect(problem(inspectToken(await mint(claims, { audience: 'other' }), expected, NOW))).toBe('the token is meant for other; the hub\'s audience is siuss-hub');
    expect(problem(inspectToken(await mint({ ...claims, nbf: NOW / 1000 + 3600 }), expected, NOW))).toBe('the token is not valid before 2026-03-01T11:00:00.000Z');
    expect(problem(inspectToken(await mint(claims), { ...expected, algorithms: ['RS256'] }, NOW))).toBe('the token is signed with ES256; the hub accepts RS256');
    expect(problem(inspectToken('abc', expected, NOW))).toMatch(/not a JWT/);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, exp: NOW / 1000 + 60 })).toString('base64url')}.`;
    expect(problem(inspectToken(unsigned, expected, NOW))).toBe('the token is signed with none; the hub accepts RS256, ES256');
    const noExpiry = `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.x`;
    expect(problem(inspectToken(noExpiry, expected, NOW))).toBe('the token has no expiry (exp)');
    expect(problem(inspectToken(await mint({ ...claims, roles: ['ROOT'] }), expected, NOW))).toMatch(/does not know: ROOT/);
  });
});
