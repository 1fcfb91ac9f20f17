import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { hmacMatches, hmacSign, normalizePurpose, signedMaterial, stableStringify } from './signature.ts';

describe('the gateway signature', () => {
  it('serializes with sorted keys at every depth, as json-stable-stringify does', () => {
    expect(stableStringify({ b: 1, a: [3, undefined, { d: null, c: 'x' }], u: undefined, t: new Date('2026-01-02T00:00:00Z') }))
      .toBe('{"a":[3,null,{"c":"x","d":null}],"b":1,"t":"2026-01-02T00:00:00.000Z"}');
    expect(stableStringify('è "q" \u2028')).toBe(JSON.stringify('è "q" \u2028'));
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    expect(() => stableStringify(cycle)).toThrow(/circular/);
  });

  it('covers query, variables, claims, purpose and signing time; without them it is the plugin\'s default text', () => {
    expect(signedMaterial({ query: '{a}' })).toBe('{"query":"{a}"}');
    expect(signedMaterial({ query: '{a}', variables: {} })).toBe('{"query":"{a}"}');
    expect(signedMaterial({ query: '{a}', variables: { x: 1 }, claims: { sub: 'S', roles: ['DPO'] }, purpose: 'p' }))
      .toBe('{"jwt":{"roles":["DPO"],"sub":"S"},"purpose":"p","query":"{a}","variables":{"x":1}}');
    expect(signedMaterial({ query: '{a}', signedAt: 1796120000000 })).toBe('{"query":"{a}","signedAt":1796120000000}');
  });

  it('signs with HMAC-SHA256 in base64, as WebCrypto in the gateway plugin does, and checks in constant time', () => {
    const secret = 'a-secret-of-at-least-32-characters-long';
    const signature = hmacSign(secret, 'text');
    expect(signature).toBe(createHmac('sha256', Buffer.from(secret, 'utf8')).update('text').digest('base64'));
    expect(hmacMatches(secret, 'text', signature)).toBe(true);
    expect(hmacMatches(secret, 'text!', signature)).toBe(false);
    expect(hmacMatches('another-secret-of-at-least-32-characters', 'text', signature)).toBe(false);
    for (const bad of [undefined, '', 'short', 42]) expect(hmacMatches(secret, 'text', bad)).toBe(false);
  });

  it('reads a stated purpose trimmed, and a blank one as none', () => {
    expect(normalizePurpose('  presa in carico ')).toBe('presa in carico');
    expect(normalizePurpose('   ')).toBeNull();
    expect(normalizePurpose(null)).toBeNull();
  });
});
