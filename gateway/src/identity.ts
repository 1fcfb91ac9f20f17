import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import type { GatewayConfigBase, GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { serializeExecutionRequest } from '@graphql-tools/executor-common';
import { createInlineSigningKeyProvider, createRemoteJwksSigningKeyProvider, useJWT, type GetSigningKeyFunction } from '@graphql-mesh/plugin-jwt-auth';
import { getOperationAST, GraphQLError, type FieldNode, type GraphQLField, type GraphQLInterfaceType, type GraphQLObjectType } from 'graphql';
import { loadJwtSettings, type JwtSettings } from '@siuss/auth/config';
import { policiesOf } from '@siuss/auth/roles';
import { hmacSign, normalizePurpose, PURPOSE_HEADER, SIGNATURE_EXTENSION, SIGNED_AT_EXTENSION, signedMaterial } from '@siuss/auth/signature';
import { inspectToken } from '@siuss/auth/token';

/** How the gateway authenticates callers and vouches for them to the subgraphs. */
export interface GatewayAuth {
  /** Token verification (loadJwtSettings: SIUSS_JWT_*). */
  jwt: JwtSettings;
  /** The secret subgraph requests are signed with (SIUSS_HMAC_SECRET). */
  hmacSecret: string;
}

/**
 * A gateway that trusts no key and signs with a throwaway secret: every caller is anonymous and
 * real subgraphs refuse its requests. What createGateway uses when given no `auth` (tests with
 * stand-in subgraphs); a running hub always passes its configured GatewayAuth.
 */
export function closedAuth(): GatewayAuth {
  return { jwt: loadJwtSettings({}, { environment: 'test', dataDir: '' }), hmacSecret: randomBytes(32).toString('base64url') };
}

/** What createGateway adds to the runtime's configuration for identity. */
export interface GatewayIdentity {
  runtime: Pick<GatewayConfigBase<Record<string, unknown>>, 'genericAuth' | 'propagateHeaders'>;
  plugins: GatewayPlugin[];
}

interface IdentityContext {
  jwt?: { payload?: Record<string, unknown> };
  request?: Request;
}

/** RFC 6750 challenge; header values are Latin-1, and the reason may quote the caller's token. */
const challenge = (reason: string): string => `Bearer error="invalid_token", error_description="${reason.replace(/[^\x20-\x7e]|"/g, '?')}"`;

function unauthenticated(reason: string): GraphQLError {
  return new GraphQLError(`Authentication failed: ${reason}. Send a valid token (Authorization: Bearer <JWT>), or none to call as anonymous.`, {
    extensions: { code: 'UNAUTHENTICATED', reason, http: { status: 401, headers: { 'www-authenticate': challenge(reason) } } },
  });
}

/** What the JWT plugin says, with no code, when the signature does not verify: everything else was checked first. */
const BAD_SIGNATURE = 'the token\'s signature does not verify with the hub\'s keys (signed by another key, or altered)';

/**
 * Identity at the gateway, three parts.
 *
 * 1. Tokens: every request may carry `Authorization: Bearer <JWT>`; @graphql-mesh/plugin-jwt-auth
 *    verifies its signature (JWKS or the configured public key), issuer, audience and expiry, and
 *    puts the claims on the context (`jwt.payload`). Before it, the hub's lookup checks everything
 *    that needs no key (inspectToken: format, algorithm, expiry, issuer, audience, hub claims, the
 *    key id in the JWKS) so that a refusal names its reason: UNAUTHENTICATED, HTTP 401, nothing
 *    sent to a subgraph. No token is an anonymous caller: field directives decide (3).
 * 2. Forwarding: the verified claims go to the subgraphs in `extensions.jwt.payload` (the JWT
 *    plugin's `forward.payload`), the stated purpose in `x-siuss-purpose`; every subgraph request
 *    is signed over query, variables, claims and purpose (signUpstream, @siuss/auth/signature),
 *    which the subgraphs check before building their viewer. The raw token is not forwarded.
 * 3. Field rules: Hive Gateway's generic auth enforces `@authenticated`, `@requiresScopes` (the
 *    `scope` claim) and `@policy` (the policies of the token's roles, policiesOf) on the supergraph,
 *    with the user from the verified claims (`sub`).
 *    It does not reject whole requests (`rejectUnauthenticated: false`): a denied field is an error
 *    naming what it needs (UNAUTHENTICATED or FORBIDDEN) and the rest is served.
 */
export function gatewayIdentity(auth: GatewayAuth): GatewayIdentity {
  const { jwt } = auth;
  const signingKey = jwt.keys.kind === 'jwks'
    ? createRemoteJwksSigningKeyProvider({ jwksUri: jwt.keys.url, cache: true, rateLimit: true, jwksRequestsPerMinute: 10, timeout: 5000 })
    : createInlineSigningKeyProvider(jwt.keys.publicKeyPem);
  const verificationKey = asKeyObjects(signingKey);
  const jwksUrl = jwt.keys.kind === 'jwks' ? jwt.keys.url : undefined;

  const lookup = async ({ request }: { request: Request }) => {
    const header = request.headers.get('authorization');
    if (header === null || header.trim() === '') return undefined;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
    if (!match) throw unauthenticated('the Authorization header is not "Bearer <JWT>"');
    const token = match[1] as string;
    const inspected = inspectToken(token, jwt);
    if ('problem' in inspected) throw unauthenticated(inspected.problem);
    if (jwksUrl) {
      // The same provider (and cache) the plugin uses next: an unknown key id is the caller's
      // problem (UNAUTHENTICATED), an unreachable JWKS the hub's (SERVICE_UNAVAILABLE).
      try {
        await signingKey(inspected.header.kid);
      } catch (error) {
        if ((error as Error).name === 'SigningKeyNotFoundError') {
          throw unauthenticated(`the token's key id ${String(inspected.header.kid ?? '(none)').slice(0, 80)} is not among the identity provider's keys (${jwksUrl})`);
        }
        throw new GraphQLError('The identity provider\'s keys cannot be fetched right now; retry in a few seconds.', {
          extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
        });
      }
    }
    return { token, prefix: 'Bearer' };
  };

  const describeUnverified: GatewayPlugin = {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors) return;
      const index = result.errors.findIndex((error) => error.message === 'Unauthenticated' && error.extensions?.['code'] === undefined);
      if (index < 0) return;
      const errors = [...result.errors];
      errors[index] = unauthenticated(BAD_SIGNATURE);
      setResult({ ...result, errors });
    },
  };

  // Generic auth removes denied fields from the operation; when it removes them all, the planner
  // would fail on an empty operation (a 500): answer it here, and generic auth adds its errors.
  const answerWhollyDenied: GatewayPlugin = {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation && operation.selectionSet.selections.length === 0) setResultAndStopExecution({ data: {} });
    },
  };

  // Generic auth puts a null at the path of each denied field once the operation ran, creating the
  // missing parents as it goes (@envelop/extended-validation): a person the benefits subgraph
  // refused (null, FORBIDDEN) would come back as `person: { health: null, ... }`, an object that
  // was never served. Note, from the result as executed, which parents of denied fields were null,
  // and null them again after generic auth has added its nulls.
  const keepRefusedParentsNull: GatewayPlugin = {
    onExecute({ args, executeFn, setExecuteFn }) {
      const context = args.contextValue as object;
      if (!deniedPaths.has(context)) return undefined;
      setExecuteFn(async (executionArgs) => {
        const result = await executeFn(executionArgs);
        if (result && typeof result === 'object' && 'data' in result) {
          const data = (result as { data?: unknown }).data;
          refusedParents.set(context, (deniedPaths.get(context) ?? []).flatMap((path) => nullAncestors(data, path, [])));
        }
        return result;
      });
      return {
        onExecuteDone({ result }) {
          const parents = refusedParents.get(context);
          if (!parents?.length || Array.isArray(result) || !('data' in result) || !result.data) return;
          for (const path of parents) setNullAt(result.data, path);
        },
      };
    },
  };

  return {
    runtime: {
      propagateHeaders: {
        fromClientToSubgraphs: ({ request }) => ({ [PURPOSE_HEADER]: normalizePurpose(request.headers.get(PURPOSE_HEADER)) }),
      },
      genericAuth: {
        mode: 'protect-granular',
        resolveUserFn: (context) => {
          const payload = (context as IdentityContext).jwt?.payload;
          return payload && typeof payload['sub'] === 'string' ? payload : null;
        },
        // A token meets the policies of its roles (POLICIES in @siuss/auth/roles), whatever its scopes.
        extractPolicies: (user) => policiesOf(Array.isArray(user['roles']) ? (user['roles'] as unknown[]).filter((role): role is string => typeof role === 'string') : []),
        rejectUnauthenticated: false,
        validateUser: (params) => {
          const error = explicitDenial(params as FieldRequirements);
          const context = params.executionArgs.contextValue as object | undefined;
          if (error && context) deniedPaths.set(context, [...(deniedPaths.get(context) ?? []), params.path]);
          return error;
        },
      },
    },
    plugins: [
      useJWT({
        tokenLookupLocations: [lookup],
        signingKeyProviders: [verificationKey],
        tokenVerification: {
          algorithms: [...jwt.algorithms] as NonNullable<Parameters<typeof useJWT>[0]['tokenVerification']>['algorithms'],
          issuer: jwt.issuer,
          audience: jwt.audience,
          clockTolerance: jwt.clockToleranceSeconds,
        },
        reject: { missingToken: false, invalidToken: true },
        forward: { payload: true, token: false },
      }) as GatewayPlugin,
      signUpstream(auth.hmacSecret),
      describeUnverified,
      answerWhollyDenied,
      keepRefusedParentsNull,
    ],
  };
}

/**
 * Signs every subgraph request as @graphql-mesh/hmac-upstream-signature would (HMAC-SHA256 of the
 * UTF-8 material keyed with the secret, standard base64, in `extensions["hmac-signature"]`), over
 * signedMaterial: the query text and variables exactly as the transport sends them, the verified
 * claims, the stated purpose and the time of signing (`extensions["hmac-signed-at"]`). Our own plugin because that one signs through WebCrypto's
 * asynchronous API and serializes twice: a tenth of the gateway's CPU in the gateway benchmark.
 */
function signUpstream(secret: string): GatewayPlugin {
  return {
    onSubgraphExecute({ executionRequest }) {
      const { query, variables } = serializeExecutionRequest({ executionRequest: { document: executionRequest.document, variables: executionRequest.variables } });
      const context = executionRequest.context as IdentityContext | undefined;
      const signedAt = Date.now();
      const material = signedMaterial({
        query: query ?? '',
        variables: variables as Record<string, unknown> | undefined,
        claims: context?.jwt?.payload,
        purpose: normalizePurpose(context?.request?.headers.get(PURPOSE_HEADER)),
        signedAt,
      });
      executionRequest.extensions ??= {};
      executionRequest.extensions[SIGNED_AT_EXTENSION] = signedAt;
      executionRequest.extensions[SIGNATURE_EXTENSION] = hmacSign(secret, material);
    },
  };
}

/**
 * The key provider with each PEM turned into a KeyObject once: jsonwebtoken parses a PEM string on
 * every verification otherwise. A handful of keys at most (one, or a JWKS's current ones); the
 * cache starts over if an identity provider ever rotates through more.
 */
function asKeyObjects(provider: GetSigningKeyFunction): GetSigningKeyFunction {
  const keys = new Map<string, KeyObject>();
  const toKey = (pem: string): KeyObject => {
    let key = keys.get(pem);
    if (!key) {
      if (keys.size >= 16) keys.clear();
      key = createPublicKey(pem);
      keys.set(pem, key);
    }
    return key;
  };
  // jsonwebtoken takes a KeyObject where the plugin's type says string.
  return async (kid) => toKey(await provider(kid)) as unknown as string;
}

/** The paths of the fields generic auth withheld, per request context. */
const deniedPaths = new WeakMap<object, Array<ReadonlyArray<string | number>>>();
/** The parents of withheld fields that the operation itself answered null, per request context. */
const refusedParents = new WeakMap<object, Array<Array<string | number>>>();

/**
 * The first null (or absent) parent of the field at `path` in `value`, one per list element where
 * the path crosses a list (`@`), as concrete paths; none when every parent has a value.
 */
function nullAncestors(value: unknown, path: ReadonlyArray<string | number>, prefix: Array<string | number>): Array<Array<string | number>> {
  if (path.length <= 1) return [];
  const [key, ...rest] = path as [string | number, ...Array<string | number>];
  if (key === '@') return Array.isArray(value) ? value.flatMap((item, index) => nullAncestors(item, rest, [...prefix, index])) : [];
  const child = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;
  if (child === null || child === undefined) return [[...prefix, key]];
  return nullAncestors(child, rest, [...prefix, key]);
}

/** Sets the value at the concrete `path` of `data` to null, when its parent is there. */
function setNullAt(data: unknown, path: ReadonlyArray<string | number>): void {
  let parent = data;
  for (const key of path.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return;
    parent = (parent as Record<string | number, unknown>)[key];
  }
  if (parent !== null && typeof parent === 'object') (parent as Record<string | number, unknown>)[path[path.length - 1] as string | number] = null;
}

/** What explicitDenial reads of generic auth's validation parameters. */
interface FieldRequirements {
  user: unknown;
  fieldNode: FieldNode;
  parentType: GraphQLObjectType | GraphQLInterfaceType;
  field: GraphQLField<unknown, unknown>;
  typeAuthArgs?: Record<string, unknown>;
  fieldAuthArgs?: Record<string, unknown>;
  typeScopes?: string[][];
  fieldScopes?: string[][];
  typePolicies?: string[][];
  fieldPolicies?: string[][];
  userScopes: string[];
  userPolicies: string[];
  path: ReadonlyArray<string | number>;
}

/** "a, or b and c" for `[[a], [b, c]]`: any one group, with every item of the group. */
const alternatives = (groups: readonly string[][]): string => groups.map((group) => group.join(' and ')).join(', or ');
const satisfied = (groups: readonly string[][] | undefined, held: readonly string[]): boolean =>
  !groups?.length || groups.some((group) => group.every((item) => held.includes(item)));

/**
 * Generic auth's check of one field, with the hub's errors: a field that needs an identity
 * (`@authenticated`, or any scope or policy) asked for without a token is UNAUTHENTICATED; one
 * whose scopes or policies the token lacks is FORBIDDEN, naming what would be enough and what the
 * token has. Both carry the field's path, so the client sees which field was withheld.
 */
export function explicitDenial(params: FieldRequirements): GraphQLError | undefined {
  const coordinate = `${params.parentType.name}.${params.field.name}`;
  const scopes = [params.typeScopes, params.fieldScopes].filter((groups): groups is string[][] => Boolean(groups?.length));
  const policies = [params.typePolicies, params.fieldPolicies].filter((groups): groups is string[][] => Boolean(groups?.length));
  const needsIdentity = params.typeAuthArgs !== undefined || params.fieldAuthArgs !== undefined || scopes.length > 0 || policies.length > 0;
  if (!needsIdentity) return undefined;
  const denial = (code: 'UNAUTHENTICATED' | 'FORBIDDEN', message: string, extra: Record<string, unknown> = {}) =>
    new GraphQLError(message, { nodes: [params.fieldNode], path: params.path, extensions: { code, field: coordinate, ...extra } });
  if (params.user == null) {
    return denial('UNAUTHENTICATED', `${coordinate} requires an authenticated operator: send a token (Authorization: Bearer <JWT>).`);
  }
  for (const groups of scopes) {
    if (!satisfied(groups, params.userScopes)) {
      return denial('FORBIDDEN', `${coordinate} requires the scope ${alternatives(groups)}; the token grants ${params.userScopes.join(' ') || 'no scopes'}.`, { requiredScopes: groups });
    }
  }
  for (const groups of policies) {
    if (!satisfied(groups, params.userPolicies)) {
      return denial('FORBIDDEN', `${coordinate} requires the policy ${alternatives(groups)}; the request meets ${params.userPolicies.join(', ') || 'none'}.`, { requiredPolicies: groups });
    }
  }
  return undefined;
}
