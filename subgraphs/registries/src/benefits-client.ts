import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';
import type { Logger } from '@siuss/logging/logger';
import { signedSubgraphRequest } from '@siuss/service/forwarding';
import type { Viewer } from '@siuss/service/viewer';
import type { BenefitIseeData } from './domain/isee-check.ts';

const PAGE_SIZE = 100;
const CALLER_CODES: ReadonlySet<string> = new Set([ErrorCode.BAD_USER_INPUT, ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN]);

const ISEE_BENEFITS = `query IseeBenefits($enteCode: String!, $first: Int!, $after: String, $filter: BenefitFilter) {
  enteBenefits(enteCode: $enteCode, first: $first, after: $after, filter: $filter) {
    edges { node { id meansTest dsu { number year date } startDate paymentDate eventDate person { taxCode } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Page {
  data?: { enteBenefits?: { edges: Array<{ node: BenefitIseeData }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/**
 * Reads from the benefits subgraph, over HTTP, the benefits an ente declared as means-tested by
 * ISEE: every page of `enteBenefits` (ACTIVE records, newest first). Each request is signed as the
 * gateway signs and carries the caller's identity and purpose (signedSubgraphRequest), so the
 * benefits subgraph applies its own access rules to the same caller.
 */
export class BenefitsClient {
  readonly #url: string;
  readonly #timeoutMs: number;
  readonly #maxBenefits: number;
  readonly #logger: Logger;
  readonly #hmacSecret: string;

  constructor(options: { url: string; timeoutMs: number; maxBenefits: number; hmacSecret: string; logger: Logger }) {
    this.#url = options.url;
    this.#hmacSecret = options.hmacSecret;
    this.#timeoutMs = options.timeoutMs;
    this.#maxBenefits = options.maxBenefits;
    this.#logger = options.logger;
  }

  async iseeTestedBenefits(enteCode: string, period: { from: string | null; to: string | null }, viewer: Viewer): Promise<BenefitIseeData[]> {
    const filter = { meansTest: ['ISEE'], ...(period.from ? { from: period.from } : {}), ...(period.to ? { to: period.to } : {}) };
    const benefits: BenefitIseeData[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await this.#page({ enteCode, first: PAGE_SIZE, after, filter }, viewer);
      benefits.push(...page.edges.map((edge) => edge.node));
      if (benefits.length > this.#maxBenefits) {
        throw domainError(ErrorCode.BAD_USER_INPUT, `The ente has more than ${this.#maxBenefits} ISEE-tested benefits in the period; narrow it with from and to.`, { argumentName: 'from' });
      }
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return benefits;
      after = page.pageInfo.endCursor;
    }
  }

  async #page(variables: Record<string, unknown>, viewer: Viewer) {
    let body: Page;
    try {
      const request = signedSubgraphRequest(this.#hmacSecret, { query: ISEE_BENEFITS, variables }, viewer);
      const response = await fetch(this.#url, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(this.#timeoutMs) });
      body = (await response.json()) as Page;
    } catch (error) {
      this.#logger.warn({ errorName: (error as Error).name }, 'the benefits subgraph did not answer');
      throw domainError(ErrorCode.SERVICE_UNAVAILABLE, 'The benefits subgraph did not answer; retry in a few seconds.');
    }
    const first = body.errors?.[0];
    if (first) {
      const code = first.extensions?.code;
      // The caller's own mistakes and rights pass through; anything else is the benefits subgraph's fault.
      if (code && CALLER_CODES.has(code)) throw domainError(code as ErrorCode, first.message);
      this.#logger.warn({ code }, 'the benefits subgraph answered an error');
      throw domainError(ErrorCode.SERVICE_UNAVAILABLE, 'The benefits subgraph could not list the benefits; retry in a few seconds.');
    }
    const connection = body.data?.enteBenefits;
    if (!connection) throw domainError(ErrorCode.SERVICE_UNAVAILABLE, 'The benefits subgraph answered without data.');
    return connection;
  }
}
