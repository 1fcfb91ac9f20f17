import { openAudit } from '@siuss/audit/writer';
import { runDatabaseSubgraph } from '@siuss/service/run';
import { loadConfig } from './config.ts';
import { createOrm, migrateOffering } from './orm.ts';
import { seedDemoData } from './seed/demo.ts';
import { createOfferingServer } from './server.ts';

const config = loadConfig();
await runDatabaseSubgraph({
  name: 'offering',
  config,
  createOrm,
  migrate: migrateOffering,
  seed: async (orm) => {
    const seeded = await seedDemoData(orm.em, { deadline: config.deadline });
    return seeded > 0 ? `demo data loaded: ${seeded} Ambiti` : undefined;
  },
  createServer: (deps) => createOfferingServer({
    ...deps,
    settings: { deadline: config.deadline, now: () => new Date() },
    audit: openAudit({ url: deps.orm.config.get('clientUrl') as string, logger: deps.logger, settings: config.audit }),
  }),
});
