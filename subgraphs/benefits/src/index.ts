import { openAudit } from '@siuss/audit/writer';
import { runDatabaseSubgraph } from '@siuss/service/run';
import { loadConfig } from './config.ts';
import { createOrm, migrateBenefits } from './orm.ts';
import { seedDemoData } from './seed/demo.ts';
import { createBenefitsServer } from './server.ts';

const config = loadConfig();
await runDatabaseSubgraph({
  name: 'benefits',
  config,
  createOrm,
  migrate: migrateBenefits,
  seed: async (orm) => {
    const seeded = await seedDemoData(orm.em);
    return seeded > 0 ? `demo data loaded: ${seeded} benefit records` : undefined;
  },
  createServer: (deps) => createBenefitsServer({
    ...deps,
    settings: { strictRules: config.strictRules, maxPageSize: config.maxPageSize },
    audit: openAudit({ url: deps.orm.config.get('clientUrl') as string, logger: deps.logger, settings: config.audit }),
  }),
});
