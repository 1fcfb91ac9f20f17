import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The gateway-to-subgraph signature. The gateway signs every subgraph request with Hive Gateway's
 * HMAC upstream signature (@graphql-mesh/hmac-upstream-signature: HMAC-SHA256 keyed with the UTF-8
 * bytes of SIUSS_HMAC_SECRET, standard base64, in `extensions["hmac-signature"]`). The plugin's
 * default signs only the query and variables; the hub's serializer also signs the claims forwarded
 * in `extensions.jwt.payload`, the stated purpose (`x-siuss-purpose`) and the signing time
 * (`extensions["hmac-signed-at"]`), so none can be swapped on a captured request and a captured
 * request is refused once it is older than a couple of minutes. Without claims, purpose and time the
 * signed text is the plugin's default one.
 */

/** Where the signature travels: `extensions["hmac-signature"]` (the plugin's default name). */
export const SIGNATURE_EXTENSION = 'hmac-signature';
/** Where the verified claims travel: `extensions.jwt.payload`, as @graphql-mesh/plugin-jwt-auth forwards them. */
export const CLAIMS_EXTENSION = 'jwt';
/** When the request was signed (milliseconds since the epoch): `extensions["hmac-signed-at"]`, signed too. */
export const SIGNED_AT_EXTENSION = 'hmac-signed-at';
/** The header in which a caller states the purpose of a request; forwarded by the gateway, signed. */
export const PURPOSE_HEADER = 'x-siuss-purpose';

/** What a subgraph request's signature covers. */
export interface SignedParts {
  /** The query text exactly as sent. */
  query: string;
  variables?: Readonly<Record<string, unknown>> | null | undefined;
  /** The verified token claims forwarded with the request; none for an anonymous caller. */
  claims?: object | null | undefined;
  /** The stated purpose (normalizePurpose), if any. */
  purpose?: string | null | undefined;
  /** When it was signed, in milliseconds since the epoch (SIGNED_AT_EXTENSION). */
  signedAt?: number | null | undefined;
}

/**
 * JSON with object keys sorted at every depth, as json-stable-stringify writes it (the serializer
 * of the HMAC plugin): no spaces, `toJSON` honoured, undefined members left out, undefined array
 * items as null.
 */
export function stableStringify(value: unknown): string | undefined {
  const seen = new Set<object>();
  const write = (node: unknown): string | undefined => {
    if (node !== null && typeof node === 'object' && typeof (node as { toJSON?: unknown }).toJSON === 'function') {
      node = (node as { toJSON(): unknown }).toJSON();
    }
    if (node === null || typeof node !== 'object') return JSON.stringify(node);
    if (seen.has(node)) throw new TypeError('Converting circular structure to JSON');
    seen.add(node);
    let text: string;
    if (Array.isArray(node)) {
      text = `[${node.map((item) => write(item) ?? 'null').join(',')}]`;
    } else {
      const members: string[] = [];
      for (const key of Object.keys(node).sort()) {
        const member = write((node as Record<string, unknown>)[key]);
        if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
      }
      text = `{${members.join(',')}}`;
    }
    seen.delete(node);
    return text;
  };
  return write(value);
}

/** The text a subgraph request's signature is computed over. */
export function signedMaterial(parts: SignedParts): string {
  return stableStringify({
    query: parts.query,
    variables: parts.variables && Object.keys(parts.variables).length > 0 ? parts.variables : undefined,
    jwt: parts.claims ?? undefined,
    purpose: parts.purpose ?? undefined,
    signedAt: parts.signedAt ?? undefined,
  }) as string;
}

/** The purpose as signed and read: trimmed, and null when absent or blank. */
export function normalizePurpose(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** The signature of `material` with `secret`: HMAC-SHA256, standard base64, as the HMAC plugin computes it. */
export function hmacSign(secret: string, material: string): string {
  return createHmac('sha256', secret).update(material, 'utf8').digest('base64');
}

/** Whether `signature` is the signature of `material` with `secret` (compared in constant time). */
export function hmacMatches(secret: string, material: string, signature: unknown): boolean {
  if (typeof signature !== 'string' || signature === '') return false;
  const expected = createHmac('sha256', secret).update(material, 'utf8').digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
