import { openAudit } from '@siuss/audit/writer';
import { runDatabaseSubgraph } from '@siuss/service/run';
import { loadConfig } from './config.ts';
import { createOrm, migrateAssessments } from './orm.ts';
import { seedDemoData } from './seed/demo.ts';
import { createAssessmentsServer } from './server.ts';

const config = loadConfig();
await runDatabaseSubgraph({
  name: 'assessments',
  config,
  createOrm,
  migrate: migrateAssessments,
  seed: async (orm, logger) => {
    const seeded = await seedDemoData(orm.em);
    if (seeded.sinaSkipped > 0) logger.warn(`${seeded.sinaSkipped} demo SINA assessments skipped: their demo benefits were not found (is the benefits subgraph seeding the same database?)`);
    return seeded.sina + seeded.sinba > 0 ? `demo data loaded: ${seeded.sina} SINA assessments, ${seeded.sinba} SINBA cases` : undefined;
  },
  createServer: (deps) => createAssessmentsServer({
    ...deps,
    settings: { strictRules: config.strictRules, maxPageSize: config.maxPageSize },
    audit: openAudit({ url: deps.orm.config.get('clientUrl') as string, logger: deps.logger, settings: config.audit }),
  }),
});
