import { createOrm as createAssessmentsOrm } from '@siuss/subgraph-assessments/orm';
import { openAudit } from '@siuss/audit/writer';
import { tokenVerifier } from '@siuss/auth/token';
import { runDatabaseSubgraph } from '@siuss/service/run';
import { recordFlowReceived } from './audit.ts';
import { loadConfig } from './config.ts';
import { createOrm, migrateFlows } from './orm.ts';
import { createFlowsServer } from './server.ts';
import { createFlowService } from './service.ts';

const config = loadConfig();
await runDatabaseSubgraph({
  name: 'flows',
  config,
  createOrm,
  migrate: migrateFlows,
  createServer: ({ orm, logger, introspection }) => {
    const databaseUrl = orm.config.get('clientUrl') as string;
    const audit = openAudit({ url: databaseUrl, logger, settings: config.audit });
    const flows = createFlowService({
      databaseUrl, settings: config, logger, openAssessments: () => createAssessmentsOrm({ url: databaseUrl }),
      onWaasFlowAcquired: (enteCode, flowId) => recordFlowReceived(audit.sink, { flowId, channel: 'waas', enteCode }),
    });
    const verifyToken = tokenVerifier(config.jwt);
    return createFlowsServer({ orm, logger, flows, settings: { maxPageSize: config.maxPageSize }, introspection, audit, verifyToken });
  },
});
