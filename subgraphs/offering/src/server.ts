import { readFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import { auditPlugin, type AuditOptions } from '@siuss/audit/plugin';
import { AuditRecorder } from '@siuss/audit/recorder';
import type { Logger } from '@siuss/logging/logger';
import { createSubgraphApollo, subgraphSchema } from '@siuss/service/apollo';
import type { Viewer } from '@siuss/service/viewer';
import { offeringAudit } from './audit.ts';
import type { Context, Settings } from './context.ts';
import { createLoaders } from './loaders.ts';
import { Comune } from './resolvers/Comune.ts';
import { Mutation } from './resolvers/Mutation.ts';
import { Person } from './resolvers/Person.ts';
import { Query } from './resolvers/Query.ts';
import { SiossAgreement } from './resolvers/SiossAgreement.ts';
import { SiossAmbito } from './resolvers/SiossAmbito.ts';
import { SiossChange } from './resolvers/SiossChange.ts';
import { SiossDeclaration } from './resolvers/SiossDeclaration.ts';
import { SiossDeclaredProfessional } from './resolvers/SiossDeclaredProfessional.ts';
import { SiossDeclaredService } from './resolvers/SiossDeclaredService.ts';
import { SiossFundModule } from './resolvers/SiossFundModule.ts';

/** The subgraph SDL, as composed into the supergraph. */
export function offeringTypeDefs(): string {
  return readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
}

const resolvers = {
  Query,
  Mutation,
  Person,
  Comune,
  SiossAmbito,
  SiossAgreement,
  SiossDeclaration,
  SiossDeclaredService,
  SiossDeclaredProfessional,
  SiossFundModule,
  SiossChange,
};

/** The executable subgraph schema: SDL, the shared scalars it declares, and resolvers grouped per type. */
export function buildOfferingSchema() {
  return subgraphSchema({ typeDefs: offeringTypeDefs(), resolvers });
}

export interface OfferingServerOptions {
  orm: MikroORM;
  logger: Logger;
  settings: Settings;
  /** Introspection on (development, tests) or off (production). */
  introspection: boolean;
  /** Where reads of persons and writes are recorded (see src/audit.ts). */
  audit: AuditOptions;
}

/**
 * Builds the offering service without starting anything: the Apollo server with its audit plugin,
 * and the per-request context factory (EntityManager fork, fresh DataLoaders, viewer, audit
 * recorder). index.ts serves it over HTTP; tests call `apollo.executeOperation` with `createContext`.
 */
export function createOfferingServer({ orm, logger, settings, introspection, audit }: OfferingServerOptions) {
  const plugins = [auditPlugin<Context>({ subgraph: 'offering', sink: audit.sink, rules: offeringAudit, requirePurpose: audit.requirePurpose, logger })];
  const apollo = createSubgraphApollo<Context>({ typeDefs: offeringTypeDefs(), resolvers, logger, introspection, plugins });
  const createContext = (viewer: Viewer): Context => {
    const em = orm.em.fork();
    return { em, loaders: createLoaders(em), viewer, settings, audit: new AuditRecorder() };
  };
  return { apollo, createContext };
}
