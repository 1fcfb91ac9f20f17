import {
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  handleWhen,
  isBrokenCircuitError,
  isTaskCancelledError,
  retry,
  timeout,
  TimeoutStrategy,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import type { GraphQLError } from 'graphql';
import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';
import type { Logger } from '@siuss/logging/logger';
import type { RegistrySettings } from '../config.ts';

/** The registry answered 5xx, or could not be reached: worth a retry, and a failure for the breaker. */
export class RegistryUnavailable extends Error {
  override name = 'RegistryUnavailable';
  readonly status: number | undefined;

  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

/** The registry refused the request (4xx) or answered something unreadable: not transient, not retried. */
export class RegistryRejected extends Error {
  override name = 'RegistryRejected';
}

export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

const STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

export interface RegistryClientOptions {
  /** Short name used in errors and logs: ISEE, NSIS. */
  name: string;
  /** Who runs it, for `source`: "INPS ISEE", "NSIS". */
  owner: string;
  settings: RegistrySettings;
  logger: Logger;
}

/**
 * JSON over HTTP to one external registry, behind cockatiel policies, outermost first:
 * an overall time budget (the bound on a field's latency), retries with exponential backoff for
 * 5xx answers and network errors only (a timeout is not retried: a slow registry does not get
 * faster), a circuit breaker that opens after consecutive failed attempts and lets one probe
 * through after a pause, and a timeout per attempt. One client per registry and per service, so the
 * breaker sees every request. Never logs request or response bodies (they carry codici fiscali).
 */
export class RegistryClient {
  readonly name: string;
  /** What `source` says on every value this registry gave, e.g. "INPS ISEE at 127.0.0.1:4101". */
  readonly source: string;
  readonly settings: RegistrySettings;
  readonly #breaker: CircuitBreakerPolicy;
  readonly #policy: IPolicy;
  readonly #logger: Logger;

  constructor({ name, owner, settings, logger }: RegistryClientOptions) {
    this.name = name;
    this.settings = settings;
    this.source = `${owner} at ${new URL(settings.url).host}`;
    this.#logger = logger;
    const retryable = handleWhen((error) => error instanceof RegistryUnavailable);
    const breakerFailure = handleWhen((error) => error instanceof RegistryUnavailable || isTaskCancelledError(error));
    const retries = retry(retryable, {
      maxAttempts: settings.retries,
      backoff: new ExponentialBackoff({ initialDelay: settings.retryBaseMs, maxDelay: settings.retryBaseMs * 8 }),
    });
    this.#breaker = circuitBreaker(breakerFailure, { halfOpenAfter: settings.breakerOpenMs, breaker: new ConsecutiveBreaker(settings.breakerFailures) });
    this.#policy = wrap(
      timeout(settings.budgetMs, TimeoutStrategy.Aggressive),
      retries,
      this.#breaker,
      timeout(settings.timeoutMs, TimeoutStrategy.Aggressive),
    );
    retries.onRetry(({ attempt, delay }) => logger.debug({ registry: name, attempt, delay }, 'retrying a registry call'));
    this.#breaker.onBreak(() => logger.warn({ registry: name, openForMs: settings.breakerOpenMs }, `${name} registry failing: circuit opened`));
    this.#breaker.onHalfOpen(() => logger.info({ registry: name }, `${name} registry: circuit half-open, probing`));
    this.#breaker.onReset(() => logger.info({ registry: name }, `${name} registry answering again: circuit closed`));
  }

  get breakerState(): BreakerState {
    return STATES[this.#breaker.state];
  }

  /** POSTs `body` as JSON to `path` and returns the parsed answer; failures are RegistryUnavailable, RegistryRejected or cockatiel's. */
  post<T>(path: string, body: unknown): Promise<T> {
    return this.#policy.execute(({ signal }) => this.#attempt<T>(path, body, signal));
  }

  async #attempt<T>(path: string, body: unknown, signal: AbortSignal): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.settings.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new RegistryUnavailable(`the ${this.name} registry could not be reached`);
    }
    if (response.status >= 500) {
      await response.body?.cancel();
      throw new RegistryUnavailable(`the ${this.name} registry answered HTTP ${response.status}`, response.status);
    }
    if (!response.ok) {
      await response.body?.cancel();
      this.#logger.warn({ registry: this.name, status: response.status, path }, 'registry refused a request');
      throw new RegistryRejected(`the ${this.name} registry refused the request (HTTP ${response.status})`);
    }
    try {
      return (await response.json()) as T;
    } catch (error) {
      if (signal.aborted) throw error;
      throw new RegistryRejected(`the ${this.name} registry answered something that is not JSON`);
    }
  }

  /**
   * The GraphQL error a field gets when this registry failed: REGISTRY_TIMEOUT when the time
   * budget ran out, REGISTRY_UNAVAILABLE when it is down, answers 5xx or the circuit is open.
   */
  toGraphQLError(error: unknown): GraphQLError {
    const extensions = { registry: this.name };
    if (isBrokenCircuitError(error)) {
      return domainError(
        ErrorCode.REGISTRY_UNAVAILABLE,
        `The ${this.name} registry is failing; the hub stops calling it for ${Math.ceil(this.settings.breakerOpenMs / 1000)} s (circuit open).`,
        { ...extensions, circuit: 'open', retryAfterSeconds: Math.ceil(this.settings.breakerOpenMs / 1000) },
      );
    }
    if (isTaskCancelledError(error)) {
      return domainError(ErrorCode.REGISTRY_TIMEOUT, `The ${this.name} registry did not answer in time.`, extensions);
    }
    if (error instanceof RegistryUnavailable || error instanceof RegistryRejected) {
      return domainError(ErrorCode.REGISTRY_UNAVAILABLE, `The ${this.name} registry is unavailable: ${error.message}.`, extensions);
    }
    throw error;
  }
}
