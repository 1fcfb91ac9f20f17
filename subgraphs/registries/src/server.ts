import { readFileSync } from 'node:fs';
import { auditPlugin, type AuditOptions } from '@siuss/audit/plugin';
import { AuditRecorder } from '@siuss/audit/recorder';
import type { Logger } from '@siuss/logging/logger';
import { createSubgraphApollo, subgraphSchema } from '@siuss/service/apollo';
import type { Viewer } from '@siuss/service/viewer';
import { registriesAudit } from './audit.ts';
import { BenefitsClient } from './benefits-client.ts';
import type { RegistriesConfig } from './config.ts';
import type { Context } from './context.ts';
import { createLoaders } from './loaders.ts';
import { italianDate } from './registry/dates.ts';
import { IseeRegistry } from './registry/isee.ts';
import { NsisRegistry } from './registry/nsis.ts';
import { Benefit } from './resolvers/Benefit.ts';
import { Person } from './resolvers/Person.ts';
import { Query } from './resolvers/Query.ts';

/** The subgraph SDL, as composed into the supergraph. */
export function registriesTypeDefs(): string {
  return readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
}

const resolvers = { Query, Person, Benefit };

/** The executable subgraph schema: SDL, the shared scalars it declares, and resolvers grouped per type. */
export function buildRegistriesSchema() {
  return subgraphSchema({ typeDefs: registriesTypeDefs(), resolvers });
}

export interface RegistriesServerOptions {
  settings: Pick<RegistriesConfig, 'isee' | 'nsis' | 'benefits' | 'signature'>;
  logger: Logger;
  /** Introspection on (development, tests) or off (production). */
  introspection: boolean;
  /** The clock (tests move it); the real one by default. */
  now?: () => Date;
  /** Where reads of ISEE and health data are recorded (see src/audit.ts). */
  audit: AuditOptions;
}

/**
 * Builds the registries service without starting anything: the Apollo server with its audit
 * plugin, the per-request context factory, and the registry adapters, created once here so their
 * caches and circuit breakers are shared by every request of the service. index.ts serves it over
 * HTTP; tests call `apollo.executeOperation` with `createContext`.
 */
export function createRegistriesServer({ settings, logger, introspection, now = () => new Date(), audit }: RegistriesServerOptions) {
  const isee = new IseeRegistry({ settings: settings.isee, logger, now });
  const nsis = new NsisRegistry({ settings: settings.nsis, logger, now });
  const benefits = new BenefitsClient({ ...settings.benefits, hmacSecret: settings.signature.hmacSecret, logger });
  const plugins = [auditPlugin<Context>({ subgraph: 'registries', sink: audit.sink, rules: registriesAudit, requirePurpose: audit.requirePurpose, logger })];
  const apollo = createSubgraphApollo<Context>({ typeDefs: registriesTypeDefs(), resolvers, logger, introspection, plugins });
  const createContext = (viewer: Viewer): Context => ({
    loaders: createLoaders({ isee, nsis }),
    viewer,
    audit: new AuditRecorder(),
    benefits,
    today: () => italianDate(now()),
  });
  /** Circuit state per registry, for operators. */
  const breakers = () => ({ isee: isee.client.breakerState, nsis: nsis.client.breakerState });
  return { apollo, createContext, registries: { isee, nsis }, breakers };
}
