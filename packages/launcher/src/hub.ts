import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadSignatureSettings } from '@siuss/auth/config';
import { loadHubConfig, REGISTRY_PATHS, REGISTRY_PORTS, SUBGRAPH_PORTS, type RegistryName, type SubgraphName } from '@siuss/config/config';
import { SERVICE_PROCESS_ENV } from '@siuss/config/process';
import { openHubDatabase, type HubDatabase } from '@siuss/db/databases';

export interface HubOptions {
  /** External PostgreSQL (DATABASE_URL); the embedded one otherwise. */
  databaseUrl?: string | undefined;
  dataDir: string;
  embeddedPort: number;
  databaseName: string;
  ports: { gateway: number } & Record<SubgraphName | RegistryName, number>;
  host: string;
  /** Extra environment for every service (LOG_LEVEL, NODE_ENV, SIUSS_SEED_DEMO, ...). */
  env?: Record<string, string>;
  /** Receives progress lines and the services' output, prefixed with the service name. */
  output: (line: string) => void;
  /** How long each service may take to become ready. */
  readyTimeoutMs?: number;
}

export interface RunningHub {
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  registryUrls: Record<RegistryName, string>;
  databaseUrl: string;
  stop(): Promise<void>;
}

interface ServiceSpec {
  name: string;
  entry: string;
  port: number;
  probe: string;
}

function pipeLines(child: ChildProcess, name: string, output: (line: string) => void, recent: string[]): void {
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        recent.push(line);
        if (recent.length > 20) recent.shift();
        output(`[${name}] ${line}`);
      }
    });
  }
}

async function waitUntilReady(url: string, child: ChildProcess, name: string, recent: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before becoming ready. Its last lines:\n${recent.join('\n')}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${name} was not ready at ${url} within ${timeoutMs / 1000}s. Its last lines:\n${recent.join('\n')}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts the whole hub: PostgreSQL (embedded unless a URL is given, created on first use), then each
 * subgraph as its own process (which migrates its schema and, when asked, loads demo data), then the
 * gateway. Resolves once every service answers its probe; `stop()` shuts them down in reverse order.
 * The gateway and the subgraphs get one SIUSS_HMAC_SECRET: the given one, else the data folder's
 * development secret (created with the development keys), else (tests) a throwaway one for this hub.
 * `npm start` and the end-to-end tests both run the hub through this.
 */
export async function startHub(options: HubOptions): Promise<RunningHub> {
  const { output } = options;
  // Before anything starts: in production without a secret this refuses, naming the variable.
  const settingsEnv = { ...process.env, ...options.env };
  const hmacSecret = loadSignatureSettings(settingsEnv, loadHubConfig(settingsEnv)).hmacSecret;
  const database: HubDatabase = await openHubDatabase({
    url: options.databaseUrl,
    dataDir: options.dataDir,
    port: options.embeddedPort,
    name: options.databaseName,
    onProgress: output,
  });
  const children: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    for (const child of children.reverse()) await stopChild(child);
    await database.server.stop();
  };
  const base = `http://${options.host}`;
  const subgraphs = Object.keys(SUBGRAPH_PORTS) as SubgraphName[];
  const registries = Object.keys(REGISTRY_PORTS) as RegistryName[];
  const subgraphUrls = Object.fromEntries(subgraphs.map((name) => [name, `${base}:${options.ports[name]}/graphql`])) as Record<SubgraphName, string>;
  const registryUrls = Object.fromEntries(registries.map((name) => [name, `${base}:${options.ports[name]}${REGISTRY_PATHS[name] ?? ''}`])) as Record<RegistryName, string>;
  const env: Record<string, string | undefined> = {
    ...SERVICE_PROCESS_ENV,
    ...process.env,
    ...options.env,
    DATABASE_URL: database.url,
    SIUSS_HMAC_SECRET: hmacSecret,
    SIUSS_HOST: options.host,
    SIUSS_GATEWAY_PORT: String(options.ports.gateway),
  };
  for (const name of [...subgraphs, ...registries]) {
    env[`SIUSS_${name.toUpperCase()}_PORT`] = String(options.ports[name]);
    env[`SIUSS_${name.toUpperCase()}_URL`] = subgraphUrls[name as SubgraphName] ?? registryUrls[name as RegistryName];
  }
  // The flows subgraph polls the mock Comune's WaaS API, as INPS polls a real Comune's.
  env['SIUSS_WAAS_ENTES'] ??= `${env['SIUSS_WAAS_ENTE'] ?? 'H501'}=${registryUrls.waas}`;
  // Registries and subgraphs start together (each subgraph migrates its own schema); the gateway last.
  const waves: ServiceSpec[][] = [
    [
      ...registries.map((name) => ({ name: `${name}-mock`, entry: `@siuss/mocks/${name}`, port: options.ports[name], probe: '/health' })),
      ...subgraphs.map((name) => ({ name, entry: `@siuss/subgraph-${name}/main`, port: options.ports[name], probe: '/ready' })),
    ],
    [{ name: 'gateway', entry: '@siuss/gateway/main', port: options.ports.gateway, probe: '/health' }],
  ];
  try {
    for (const wave of waves) {
      await Promise.all(wave.map(async (service) => {
        const recent: string[] = [];
        const child = spawn(process.execPath, [fileURLToPath(import.meta.resolve(service.entry))], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
        children.push(child);
        pipeLines(child, service.name, output, recent);
        await waitUntilReady(`${base}:${service.port}${service.probe}`, child, service.name, recent, options.readyTimeoutMs ?? 60_000);
      }));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    gatewayUrl: `${base}:${options.ports.gateway}/graphql`,
    subgraphUrls,
    registryUrls,
    databaseUrl: database.url,
    stop,
  };
}
