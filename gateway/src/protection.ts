import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { GatewayConfigBase, GatewayContext, GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorConfig } from '@escape.tech/graphql-armor-types';
import { GraphQLError, parse, type ValidationContext } from 'graphql';
import { ErrorCode } from '@siuss/errors/codes';


/** The header that lets a request that is not `application/json` (a GET, a form post) past CSRF prevention. */
export const CSRF_HEADER = 'x-graphql-csrf';

/** The gateway's query protection settings (gateway/README.md, "Query protection"). */
export interface ProtectionConfig {
  /** Deepest selection nesting (armor maxDepth; introspection's `__schema` is not counted). */
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  /** Lexical tokens of the document, checked while parsing (armor maxTokens). */
  maxTokens: number;
  /** armor costLimit: an object field costs 2, a scalar 1, times 1.5 per level, times a literal `first`. */
  maxCost: number;
  /** Largest request body; a larger one is refused with 413 before it is parsed. */
  maxBodyBytes: number;
  /** GraphQL operations per operator per minute (a token bucket of that size); 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Introspection (and field suggestions in errors) allowed: off in production. */
  introspection: boolean;
  /** A JSON map `sha256 hash -> document`; when set, only those documents are executed. */
  trustedDocumentsPath: string | undefined;
}

/**
 * The defaults. The hub's largest real operation, the GraphiQL welfare position (src/example.ts),
 * has depth 7, no alias or directive, 172 tokens and cost about 5,000 (24,000 with `first: 100`);
 * protection.test.ts measures it against these limits.
 */
export const DEFAULT_PROTECTION: ProtectionConfig = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 50,
  maxTokens: 1000,
  maxCost: 50_000,
  maxBodyBytes: 256 * 1024,
  rateLimitPerMinute: 600,
  introspection: true,
  trustedDocumentsPath: undefined,
};

export interface ProtectionOptions extends ProtectionConfig {
  /** The clock of the rate limiter, in milliseconds (tests inject one). */
  now?: () => number;
}

/** What createGateway adds to the runtime's configuration. */
export interface QueryProtection {
  runtime: Pick<GatewayConfigBase<Record<string, unknown>>, 'csrfPrevention' | 'disableIntrospection' | 'persistedDocuments'>;
  plugins: GatewayPlugin[];
}

/**
 * Builds the query protection of the gateway: the runtime's own CSRF prevention, introspection
 * switch and persisted documents, plus plugins for the armor limits, the body size and the rate
 * limit. Every refusal is a GraphQLError whose `extensions.code` is a code of packages/errors/src/codes.ts (the query-protection block)
 * and whose message names the limit and its value.
 */
export function queryProtection(options: ProtectionOptions = DEFAULT_PROTECTION): QueryProtection {
  const plugins: GatewayPlugin[] = [
    useBodyLimit(options.maxBodyBytes),
    ...(armorPlugins(options) as GatewayPlugin[]),
    useTypedRuntimeErrors(),
  ];
  if (options.rateLimitPerMinute > 0) {
    plugins.push(useRateLimit(new TokenBuckets(options.rateLimitPerMinute, options.now)));
  }
  const trusted = options.trustedDocumentsPath === undefined ? undefined : loadTrustedDocuments(options.trustedDocumentsPath);
  return {
    runtime: {
      csrfPrevention: { requestHeaders: [CSRF_HEADER] },
      ...(options.introspection ? {} : { disableIntrospection: {} }),
      ...(trusted ? { persistedDocuments: trustedDocumentsOptions(trusted) } : {}),
    },
    plugins,
  };
}

function refusal(message: string, code: ErrorCode, details: Record<string, unknown> = {}, http?: { status: number; headers?: Record<string, string> }): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details, ...(http ? { http } : {}) } });
}

/** The number armor reports after "found" in its message ("... exceeded, found 14."). */
function found(error: GraphQLError): number | undefined {
  const match = /found (\d+(?:\.\d+)?)/.exec(error.message);
  return match ? Math.ceil(Number(match[1])) : undefined;
}

type LimitMessage = (limit: number, value: number | undefined) => string;

function armorPlugins(options: ProtectionConfig) {
  // Armor's own errors carry no code and read "Syntax Error: ..."; ours replace them.
  const validation = (code: ErrorCode, limit: number, message: LimitMessage) => ({
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null, error: GraphQLError) => {
      const value = found(error);
      const typed = refusal(message(limit, value), code, { limit, ...(value === undefined ? {} : { value }) });
      if (context) context.reportError(typed);
      else throw typed;
    }],
  });
  const config: GraphQLArmorConfig = {
    maxDepth: { n: options.maxDepth, ...validation(ErrorCode.QUERY_TOO_DEEP, options.maxDepth, (limit, value) => `query depth ${value} exceeds the limit of ${limit}`) },
    maxAliases: { n: options.maxAliases, ...validation(ErrorCode.TOO_MANY_ALIASES, options.maxAliases, (limit, value) => `query has ${value} aliases, more than the limit of ${limit}`) },
    maxDirectives: { n: options.maxDirectives, ...validation(ErrorCode.TOO_MANY_DIRECTIVES, options.maxDirectives, (limit, value) => `query has ${value} directives, more than the limit of ${limit}`) },
    costLimit: { maxCost: options.maxCost, ...validation(ErrorCode.QUERY_TOO_COSTLY, options.maxCost, (limit, value) => `query cost ${value} exceeds the limit of ${limit} (a list field counts its literal \`first\` items)`) },
    // The parser stops at the first token past the limit: the total is not known.
    maxTokens: { n: options.maxTokens, ...validation(ErrorCode.TOO_MANY_TOKENS, options.maxTokens, (limit) => `query has more than ${limit} tokens, the limit`) },
    // Without introspection, "Did you mean ...?" would still reveal the schema.
    blockFieldSuggestion: { enabled: !options.introspection },
  };
  return new EnvelopArmor(config).protect().plugins;
}

class BodyTooLarge extends Error {}

/**
 * Refuses with 413 a request body over `maxBytes`: at once from its Content-Length, or while
 * reading a chunked body, so no more than `maxBytes` is ever buffered.
 */
function useBodyLimit(maxBytes: number): GatewayPlugin {
  const tooLarge = (bytes: number | undefined) => refusal(
    bytes === undefined
      ? `request body exceeds the limit of ${maxBytes} bytes`
      : `request body of ${bytes} bytes exceeds the limit of ${maxBytes} bytes`,
    ErrorCode.REQUEST_TOO_LARGE,
    { limit: maxBytes, ...(bytes === undefined ? {} : { value: bytes }) },
    { status: 413 },
  );
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (request.body === null || requestParser === undefined) return;
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        // Node's HTTP parser never delivers more than Content-Length bytes.
        if (Number(declared) > maxBytes) throw tooLarge(Number(declared));
        return;
      }
      setRequestParser(async (chunked) => {
        let body: string;
        try {
          body = await readAtMost(chunked.body!, maxBytes);
        } catch (error) {
          if (error instanceof BodyTooLarge) throw tooLarge(undefined);
          throw error;
        }
        return requestParser(new fetchAPI.Request(chunked.url, { method: chunked.method, headers: chunked.headers, body }));
      });
    },
  };
}

async function readAtMost(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<string> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The runtime's CSRF and introspection refusals carry no code of their own: give them one. */
function useTypedRuntimeErrors(): GatewayPlugin {
  return {
    onValidate() {
      return ({ valid, result, setResult }) => {
        if (valid) return;
        setResult(result.map((error) => error.message.startsWith('GraphQL introspection has been disabled')
          ? new GraphQLError(`introspection is disabled in production: the query asks for ${/"\w+"/.exec(error.message)?.[0] ?? 'the schema'}`, {
            nodes: error.nodes, source: error.source, positions: error.positions,
            extensions: { ...error.extensions, code: ErrorCode.INTROSPECTION_DISABLED },
          })
          : error));
      };
    },
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors) return;
      const csrf = result.errors.findIndex((error) => error.message === 'Required CSRF header(s) not present');
      if (csrf < 0) return;
      const errors = [...result.errors];
      errors[csrf] = refusal(
        `CSRF prevention: send the request as content-type application/json, or with the ${CSRF_HEADER} header`,
        ErrorCode.CSRF_HEADER_REQUIRED,
        { header: CSRF_HEADER },
        { status: 403 },
      );
      setResult({ ...result, errors });
    },
  };
}

/**
 * One token bucket per key, in this process's memory: a key may spend `perMinute` operations at
 * once, and gets them back at `perMinute` a minute. Several gateway instances each keep their own
 * buckets (a shared store, e.g. Redis, would be needed for one budget across them).
 */
export class TokenBuckets {
  readonly #capacity: number;
  readonly #refillPerMs: number;
  readonly #now: () => number;
  readonly #maxKeys: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  #sweptAt = Number.NEGATIVE_INFINITY;

  constructor(perMinute: number, now: () => number = Date.now, maxKeys = 100_000) {
    this.#capacity = perMinute;
    this.#refillPerMs = perMinute / 60_000;
    this.#now = now;
    this.#maxKeys = maxKeys;
  }

  get capacity(): number {
    return this.#capacity;
  }

  /** Spends one token of `key`: 0 when granted, else the milliseconds until a token is back. */
  take(key: string): number {
    const now = this.#now();
    let bucket = this.#buckets.get(key);
    if (bucket) {
      bucket.tokens = Math.min(this.#capacity, bucket.tokens + (now - bucket.at) * this.#refillPerMs);
      bucket.at = now;
    } else {
      this.#makeRoom(now);
      bucket = { tokens: this.#capacity, at: now };
      this.#buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.#refillPerMs);
  }

  // A full bucket is the same as no bucket: drop those; past the cap, drop the oldest keys.
  #makeRoom(now: number): void {
    if (this.#buckets.size < this.#maxKeys) return;
    if (now - this.#sweptAt >= 1000) {
      this.#sweptAt = now;
      for (const [key, bucket] of this.#buckets) {
        if (bucket.tokens + (now - bucket.at) * this.#refillPerMs >= this.#capacity) this.#buckets.delete(key);
      }
    }
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size < this.#maxKeys) break;
      this.#buckets.delete(key);
    }
  }
}

interface OperatorContext {
  jwt?: { payload?: { sub?: unknown } };
  req?: { socket?: { remoteAddress?: string } };
}

/**
 * Whose budget a request spends: the operator of the verified JWT (`jwt.payload.sub`, set by the
 * gateway's JWT plugin) or, without one, the client's IP address as the socket sees it.
 */
export function operatorKey(context: OperatorContext): string {
  const sub = context.jwt?.payload?.sub;
  if (typeof sub === 'string' && sub !== '') return `sub:${sub}`;
  return `ip:${context.req?.socket?.remoteAddress ?? 'unknown'}`;
}

/** Charges every GraphQL operation to its operator's bucket; an empty bucket is a 429 with Retry-After. */
function useRateLimit(buckets: TokenBuckets): GatewayPlugin {
  return {
    // onParams runs after every onRequestParse, where the JWT plugin puts `jwt` on the context.
    onParams({ context }) {
      const waitMs = buckets.take(operatorKey(context as OperatorContext & GatewayContext));
      if (waitMs === 0) return;
      const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
      throw refusal(
        `rate limit of ${buckets.capacity} operations per minute exceeded; retry in ${retryAfter} s`,
        ErrorCode.RATE_LIMITED,
        { limit: buckets.capacity, retryAfterSeconds: retryAfter },
        { status: 429, headers: { 'retry-after': String(retryAfter) } },
      );
    },
  };
}

/** The SHA-256 of a document's exact text, in hex: its id among the trusted documents. */
export function documentHash(document: string): string {
  return createHash('sha256').update(document, 'utf8').digest('hex');
}

/**
 * Reads a trusted-documents file: a JSON object mapping each document's SHA-256 (hex) to its text.
 * Throws, naming the entry, when a key is not the hash of its document or a document does not
 * parse: a wrong list must stop the gateway at start, not refuse clients later.
 */
export function loadTrustedDocuments(path: string): ReadonlyMap<string, string> {
  let entries: unknown;
  try {
    entries = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`trusted documents ${path}: ${(error as Error).message}`);
  }
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
    throw new Error(`trusted documents ${path}: expected a JSON object mapping sha256 hashes to documents`);
  }
  const documents = new Map<string, string>();
  for (const [hash, document] of Object.entries(entries)) {
    if (typeof document !== 'string') throw new Error(`trusted documents ${path}: entry ${hash} is not a string`);
    if (documentHash(document) !== hash) {
      throw new Error(`trusted documents ${path}: entry ${hash} is not the sha256 of its document (${documentHash(document)})`);
    }
    try {
      parse(document);
    } catch (error) {
      throw new Error(`trusted documents ${path}: entry ${hash} does not parse: ${(error as Error).message}`);
    }
    documents.set(hash, document);
  }
  return documents;
}

function trustedDocumentsOptions(documents: ReadonlyMap<string, string>): NonNullable<QueryProtection['runtime']['persistedDocuments']> {
  return {
    getPersistedOperation: (hash: string) => documents.get(hash) ?? null,
    allowArbitraryDocuments: false,
    customErrors: {
      persistedQueryOnly: {
        message: 'only trusted documents are accepted: send the document\'s sha256 as extensions.persistedQuery.sha256Hash (version 1) or as documentId, without the query text',
        extensions: { code: ErrorCode.PERSISTED_QUERY_ID_REQUIRED, http: { status: 400 } },
      },
      keyNotFound: {
        message: 'only trusted documents are accepted: the request has neither extensions.persistedQuery.sha256Hash nor documentId',
        extensions: { code: ErrorCode.PERSISTED_QUERY_ID_REQUIRED, http: { status: 400 } },
      },
      notFound: (payload) => refusal(
        `document ${persistedId(payload.params, payload.request)} is not among the ${documents.size} trusted documents`,
        ErrorCode.PERSISTED_QUERY_NOT_IN_LIST,
        {},
        { status: 400 },
      ),
    },
  };
}

function persistedId(params: { extensions?: Record<string, unknown> }, request: Request): string {
  const persisted = params.extensions?.['persistedQuery'] as { sha256Hash?: unknown } | undefined;
  const documentId = (params as { documentId?: unknown }).documentId;
  const id = typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash
    : typeof documentId === 'string' ? documentId
      : new URL(request.url).searchParams.get('documentId');
  // The id is the caller's input: keep the message short whatever they sent.
  return id ? id.slice(0, 80) : '(no id)';
}
