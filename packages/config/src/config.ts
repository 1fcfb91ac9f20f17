import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { type Env, readChoice, readInt, readOptional, readString } from './env.ts';

export type Environment = 'development' | 'test' | 'production';

/** Settings shared by every process of the hub. Each package reads its own extra settings in its own config.ts. */
export interface HubConfig {
  environment: Environment;
  logLevel: string;
  /** Interface the services listen on (127.0.0.1; 0.0.0.0 inside a container). */
  host: string;
  /** The repository root: default home of the data folder. */
  projectRoot: string;
  /** The data folder (SIUSS_DATA_DIR, default `./.data`): the embedded PostgreSQL, the development keys. */
  dataDir: string;
  database: {
    /** An external PostgreSQL server; when unset the hub runs an embedded one. */
    url: string | undefined;
    /** Where the embedded server keeps its files. */
    dataDir: string;
    /** TCP port of the embedded server (5432 is usually the machine's own PostgreSQL). */
    embeddedPort: number;
    /** Name of the hub's database on the server. */
    name: string;
  };
  gateway: { port: number };
  /** Where each subgraph listens and where the gateway reaches it. */
  subgraphs: Record<SubgraphName, ServiceAddress>;
  /** The stand-ins for external registries (mocks/), reached by the registries subgraph. */
  registries: Record<RegistryName, ServiceAddress>;
}

export interface ServiceAddress {
  port: number;
  url: string;
}

/** Every subgraph of the supergraph, with its default port. */
export const SUBGRAPH_PORTS = { benefits: 4001, assessments: 4002, offering: 4003, registries: 4004, flows: 4005 } as const;
export type SubgraphName = keyof typeof SUBGRAPH_PORTS;

/**
 * The external services the hub calls over HTTP (mocked in mocks/ for development and tests): the
 * ISEE and NSIS registries, and a Comune's WaaS.Comuni endpoint (the hub polls it as INPS does).
 */
export const REGISTRY_PORTS = { isee: 4101, nsis: 4102, waas: 4103 } as const;
export type RegistryName = keyof typeof REGISTRY_PORTS;

/** The path of a registry's API under its host, part of its default URL (the WaaS OpenAPI's server is `.../waas/v1`). */
export const REGISTRY_PATHS: Readonly<Partial<Record<RegistryName, string>>> = { waas: '/waas/v1' };

function address(env: Env, name: string, defaultPort: number, path: string): ServiceAddress {
  const upper = name.toUpperCase();
  const port = readInt(env, `SIUSS_${upper}_PORT`, defaultPort, 0, 65535);
  return { port, url: readString(env, `SIUSS_${upper}_URL`, `http://127.0.0.1:${port}${path}`) };
}

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Reads the hub-wide settings from `env` (process.env by default). Every value has a local default,
 * so `npm start` works with no settings at all; `.env.example` lists them.
 */
export function loadHubConfig(env: Env = process.env): HubConfig {
  const environment = readChoice<Environment>(env, 'NODE_ENV', ['development', 'test', 'production'], 'development');
  const dataDir = resolve(readString(env, 'SIUSS_DATA_DIR', resolve(projectRoot, '.data')));
  return {
    environment,
    logLevel: readString(env, 'LOG_LEVEL', environment === 'test' ? 'silent' : 'info'),
    host: readString(env, 'SIUSS_HOST', '127.0.0.1'),
    projectRoot,
    dataDir,
    database: {
      url: readOptional(env, 'DATABASE_URL'),
      dataDir: resolve(dataDir, 'postgres'),
      embeddedPort: readInt(env, 'SIUSS_PG_PORT', 54329, 1, 65535),
      name: readString(env, 'SIUSS_DATABASE_NAME', 'siuss'),
    },
    gateway: { port: readInt(env, 'SIUSS_GATEWAY_PORT', 4000, 0, 65535) },
    subgraphs: Object.fromEntries(
      Object.entries(SUBGRAPH_PORTS).map(([name, port]) => [name, address(env, name, port, '/graphql')]),
    ) as Record<SubgraphName, ServiceAddress>,
    registries: Object.fromEntries(
      Object.entries(REGISTRY_PORTS).map(([name, port]) => [name, address(env, name, port, REGISTRY_PATHS[name as RegistryName] ?? '')]),
    ) as Record<RegistryName, ServiceAddress>,
  };
}
