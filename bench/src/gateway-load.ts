// The load generator of the gateway benchmark, in its own process so that its CPU is nobody's:
// `node bench/src/gateway-load.ts '<LoadSpec as JSON>'` runs autocannon against one URL with POST
// requests taken in turn from a list, and prints one line of JSON (LoadResult) on stdout.
import autocannon from 'autocannon';

/** What to send, how hard and how long. */
export interface LoadSpec {
  url: string;
  /**
   * The requests, sent in turn across all connections (one counter), so that concurrent requests
   * differ when the list is longer than the number of connections: a gateway that merges identical
   * in-flight subgraph requests gets no help from a benchmark's sameness.
   */
  requests: Array<{ body: string; headers: Record<string, string> }>;
  durationSeconds: number;
  connections: number;
}

/** What one load window measured (latencies in milliseconds). */
export interface LoadResult {
  /** Responses received during the window. */
  responses: number;
  durationSeconds: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** 2xx responses whose body has an `errors` member. */
  graphqlErrors: number;
  /** The first bad response seen, cut short, to show when the run fails. */
  firstProblem: string | undefined;
}

async function main(spec: LoadSpec): Promise<LoadResult> {
  let graphqlErrors = 0;
  let firstProblem: string | undefined;
  let next = 0;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSeconds,
    pipelining: 1,
    requests: [{
      method: 'POST',
      setupRequest: (request) => {
        const picked = spec.requests[next++ % spec.requests.length];
        return { ...request, body: picked?.body, headers: picked?.headers };
      },
      onResponse: (status, body) => {
        const bad = status < 200 || status > 299;
        if (!bad && body.includes('"errors"')) graphqlErrors += 1;
        if ((bad || body.includes('"errors"')) && firstProblem === undefined) firstProblem = `HTTP ${status}: ${body.slice(0, 600)}`;
      },
    }],
  });
  const responses = result.requests.total;
  return {
    responses,
    durationSeconds: result.duration,
    requestsPerSecond: responses / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    graphqlErrors,
    firstProblem,
  };
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
process.stdout.write(`${JSON.stringify(await main(spec))}\n`);
