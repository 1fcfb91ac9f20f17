import { runMigrationCli } from '@siuss/db/migrate-cli';
import { loadConfig } from './config.ts';
import { SCHEMA } from './db-schema.ts';
import { createOrm, migrateAssessments } from './orm.ts';

// `npm run migrate`: applies pending migrations. `npm run migration:create`: writes a new migration
// from the difference between the entities and the database (review it, then add it to list.ts).
await runMigrationCli({ name: 'assessments', schema: SCHEMA, hub: loadConfig().hub, createOrm, migrate: migrateAssessments });
