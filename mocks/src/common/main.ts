import type { RegistryName } from '@siuss/config/config';
import { loadMockConfig } from './config.ts';
import type { Behaviour, MockServer } from './http.ts';

/**
 * Runs one mock registry as a process (what `src/isee/index.ts` and `src/nsis/index.ts` do): reads
 * its config, starts it, and stops it on SIGINT, SIGTERM or when the launcher that spawned it goes.
 * Logs one line per event, never request content.
 */
export async function runMock(
  name: RegistryName,
  start: (options: { port: number; host: string; behaviour: Behaviour }) => Promise<MockServer>,
): Promise<void> {
  const config = loadMockConfig(name);
  const quiet = config.hub.logLevel === 'silent';
  const log = (msg: string) => {
    if (!quiet) process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), name: `${name}-mock`, msg })}\n`);
  };
  const server = await start({ port: config.port, host: config.hub.host, behaviour: config.behaviour });
  log(`${name.toUpperCase()} mock registry listening at ${server.url} (latency ${config.behaviour.latencyMs} ms, error rate ${config.behaviour.errorRate}, outage ${config.behaviour.outage})`);

  let stopping = false;
  const stop = async (reason: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log(`${reason}: stopping`);
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('disconnect', () => void stop('launcher gone'));
}
