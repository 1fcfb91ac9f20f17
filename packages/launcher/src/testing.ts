import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGISTRY_PORTS, SUBGRAPH_PORTS } from '@siuss/config/config';
import { testAuth } from '@siuss/testing/auth';
import { freePort } from '@siuss/testing/http';
import { startHub, type HubOptions, type RunningHub } from './hub.ts';

export interface TestHub {
  hub: RunningHub;
  /** The temporary folder holding the embedded PostgreSQL's data (`postgres/` inside). */
  dir: string;
  /** Stops the hub and removes the folder. */
  close(): Promise<void>;
}

/**
 * The whole hub as `npm start` runs it, for an end-to-end test file: every service on a free port
 * (derived from the hub's own port tables, so a new subgraph needs no test change), PostgreSQL in a
 * fresh folder (or a fresh database `<prefix>_<time>` on DATABASE_URL's server), demo data, the
 * test's identity provider key and gateway secret, WaaS polling off.
 */
export async function startTestHub(prefix: string, output: HubOptions['output'] = () => undefined): Promise<TestHub> {
  const dir = await mkdtemp(join(tmpdir(), `siuss-${prefix}-`));
  await chmod(dir, 0o755);
  const external = process.env['DATABASE_URL'];
  let databaseUrl: string | undefined;
  if (external) {
    const url = new URL(external);
    url.pathname = `/${prefix}_${Date.now()}`;
    databaseUrl = url.toString();
  }
  const ports = { gateway: await freePort() } as HubOptions['ports'];
  for (const name of [...Object.keys(SUBGRAPH_PORTS), ...Object.keys(REGISTRY_PORTS)] as Array<keyof HubOptions['ports']>) ports[name] = await freePort();
  const hub = await startHub({
    databaseUrl,
    dataDir: join(dir, 'postgres'),
    embeddedPort: await freePort(),
    databaseName: 'siuss',
    ports,
    host: '127.0.0.1',
    // The test's identity provider key and gateway secret, given as a deployment gives them.
    env: { ...testAuth().env, SIUSS_SEED_DEMO: 'true', LOG_LEVEL: 'warn', NODE_ENV: 'development', SIUSS_WAAS_POLL_SECONDS: '0' },
    output,
  });
  return {
    hub,
    dir,
    close: async () => {
      await hub.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
