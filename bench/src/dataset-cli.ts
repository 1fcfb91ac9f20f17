import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { AuditSink } from '@siuss/audit/writer';
import { dropDatabase, ensureDatabase } from '@siuss/db/databases';
import { createLogger } from '@siuss/logging/logger';
import { trustedViewer } from '@siuss/service/viewer';
import { createAssessmentsServer } from '@siuss/subgraph-assessments/server';
import { createOrm as createAssessmentsOrm } from '@siuss/subgraph-assessments/orm';
import { writePsBatch } from '@siuss/subgraph-benefits/batch';
import { createOrm as createBenefitsOrm } from '@siuss/subgraph-benefits/orm';
import { createBenefitsServer } from '@siuss/subgraph-benefits/server';
import { createOfferingServer } from '@siuss/subgraph-offering/server';
import { openBenchServer } from './database.ts';
import { createOrm as createOfferingOrm } from '@siuss/subgraph-offering/orm';
import { loadDatasetReport, migrateForDataset, type DatasetReport } from './dataset.ts';

// `npm run bench -- generate`: a realistic dataset loaded with COPY (src/dataset.ts), then checked
// end to end through the subgraphs' own servers, in-process.

const dropping: AuditSink = { append: () => undefined, flush: async () => undefined, accepting: true, close: async () => undefined };
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/**
 * Reads the loaded data back through the subgraphs as a client would (in-process executeOperation,
 * an INPS_ADMIN viewer): the sample positions' totalCount, the ente listing, the typical person's
 * SINA and nearby SIOSS services; and sends one stored record again through writePsBatch (in a
 * transaction rolled back), which must find it UNCHANGED: same key, same fingerprint. Returns the
 * failures (empty when all hold).
 */
export async function verifyDataset(url: string, report: DatasetReport): Promise<string[]> {
  const failures: string[] = [];
  const check = (what: string, actual: unknown, expected: unknown): void => {
    if (JSON.stringify(actual) !== JSON.stringify(expected)) failures.push(`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  };
  if (report.schemaDrift.length > 0) failures.push(`indexes/constraints differ from the migrations': ${report.schemaDrift.join('; ')}`);
  const logger = createLogger({ name: 'bench-generate', level: 'warn' });
  const admin = trustedViewer({ operatorTaxCode: 'DLCNDR82M03H501W', roles: ['INPS_ADMIN'], scopes: ['benefits:read', 'assessments:read', 'health:read', 'sioss:read'], purpose: 'benchmark' });
  const audit = { sink: dropping, requirePurpose: false };
  const settings = { strictRules: new Set<string>(), maxPageSize: 100 };

  const benefitsOrm = await createBenefitsOrm({ url });
  try {
    const benefits = createBenefitsServer({ orm: benefitsOrm, logger, settings, introspection: false, audit });
    await benefits.apollo.start();
    const run = async (query: string, variables: Record<string, unknown>): Promise<Record<string, any>> => {
      const response = await benefits.apollo.executeOperation({ query, variables }, { contextValue: benefits.createContext(admin) });
      if (response.body.kind !== 'single' || response.body.singleResult.errors) throw new Error(`benefits query failed: ${JSON.stringify(response.body)}`);
      return response.body.singleResult.data as Record<string, any>;
    };
    const POSITION = `query($taxCode: CodiceFiscale!) { person(taxCode: $taxCode) { taxCode residences { comuneCode }
      benefits(first: 100) { totalCount edges { node { id code status monthlyAmount ente { code } } } } } }`;
    for (const [name, taxCode, expected] of [['position1', report.samples.position1, 1], ['position10', report.samples.position10, 10], ['position100', report.samples.position100, 100]] as const) {
      const person = (await run(POSITION, { taxCode }))['person'];
      check(`${name} totalCount`, person?.benefits?.totalCount, expected);
      check(`${name} edges`, person?.benefits?.edges?.length, expected);
      check(`${name} entes`, [...new Set((person?.benefits?.edges ?? []).map((e: any) => e.node.ente.code))], [report.ente.code]);
    }
    const typical = (await run(POSITION, { taxCode: report.samples.typical }))['person'];
    check('typical totalCount', typical?.benefits?.totalCount, report.expected.typicalBenefits);
    const listing = await run('query($ente: String!) { enteBenefits(enteCode: $ente, first: 50) { totalCount edges { node { person { taxCode } } } } }', { ente: report.ente.code });
    check('ente listing totalCount', listing['enteBenefits'].totalCount, report.ente.activeBenefits);
    await benefits.apollo.stop();

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('begin');
      const [outcome] = await writePsBatch(client, [{ record: report.probe.record, warnings: [], id: report.probe.benefitId }], { channel: 'FILE_UPLOAD', flowName: null });
      check('probe record sent again', outcome, { status: 'UNCHANGED', benefitId: report.probe.benefitId });
    } finally {
      await client.query('rollback');
      await client.end();
    }

    const assessmentsOrm = await createAssessmentsOrm({ url });
    try {
      const assessments = createAssessmentsServer({ orm: assessmentsOrm, logger, settings, introspection: false, audit });
      await assessments.apollo.start();
      const response = await assessments.apollo.executeOperation({
        query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { sinaAssessments { id mobility benefit { id } } } } }',
        variables: { r: [{ __typename: 'Person', taxCode: report.samples.typical, access: 'FULL' }] },
      }, { contextValue: assessments.createContext(admin) });
      if (response.body.kind !== 'single' || response.body.singleResult.errors) throw new Error(`assessments query failed: ${JSON.stringify(response.body)}`);
      const sina = (response.body.singleResult.data as any)?._entities?.[0]?.sinaAssessments ?? [];
      check('typical SINA assessments', sina.length, report.expected.typicalSina);
      const typicalBenefitIds = new Set((typical?.benefits?.edges ?? []).map((e: any) => e.node.id));
      check('typical SINA linked to its benefits', sina.every((s: any) => typicalBenefitIds.has(s.benefit.id)), true);
      await assessments.apollo.stop();
    } finally {
      await assessmentsOrm.close();
    }

    const offeringOrm = await createOfferingOrm({ url });
    try {
      const offering = createOfferingServer({ orm: offeringOrm, logger, settings: { deadline: { month: 5, day: 31 }, now: () => new Date() }, introspection: false, audit });
      await offering.apollo.start();
      const response = await offering.apollo.executeOperation({
        query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { servicesNearby { catalogueCode declaration { year status } } } } }',
        variables: { r: [{ __typename: 'Person', taxCode: report.samples.typical, residences: typical?.residences ?? [] }] },
      }, { contextValue: offering.createContext(admin) });
      if (response.body.kind !== 'single' || response.body.singleResult.errors) throw new Error(`offering query failed: ${JSON.stringify(response.body)}`);
      const services = (response.body.singleResult.data as any)?._entities?.[0]?.servicesNearby ?? [];
      if (services.length === 0) failures.push('typical person: no SIOSS services near their residence');
      await offering.apollo.stop();
    } finally {
      await offeringOrm.close();
    }
  } finally {
    await benefitsOrm.close();
  }
  return failures;
}

/** `npm run bench -- generate [--persons 100000] [--benefits 1000000] [--seed N] [--database NAME] [--keep]`. */
export async function runGenerateBench(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      persons: { type: 'string', default: '100000' }, benefits: { type: 'string', default: '1000000' }, seed: { type: 'string', default: '20261201' },
      database: { type: 'string' }, keep: { type: 'boolean', default: false }, 'no-verify': { type: 'boolean', default: false },
    },
  });
  const persons = Number(values.persons);
  const benefits = Number(values.benefits);
  const seed = Number(values.seed);
  const external = process.env['DATABASE_URL'];
  const server = await openBenchServer(external);
  const name = values.database ?? `bench_data_${randomBytes(4).toString('hex')}`;
  const keep = values.keep || values.database !== undefined;
  let failed = false;
  try {
    const url = await ensureDatabase(server.adminUrl, name);
    await migrateForDataset(url);
    console.error(`generate: ${fmt(persons)} persons, ${fmt(benefits)} benefits, seed ${seed} into database ${name} (${server.description})`);
    const report = await loadDatasetReport(url, { persons, benefits, seed, onProgress: (line) => console.error(`  ${line}`) });
    const size = new pg.Client({ connectionString: url });
    await size.connect();
    const bytes = Number((await size.query<{ n: string }>('select pg_database_size(current_database()) as n')).rows[0]?.n ?? 0);
    await size.end();

    console.log(`\nDataset (${server.description}; seed ${seed}; database ${name}, ${(bytes / 2 ** 30).toFixed(2)} GiB)\n`);
    console.log('| step | rows | seconds | rows/s |');
    console.log('|---|---:|---:|---:|');
    for (const s of report.steps) console.log(`| ${s.name} | ${fmt(s.rows)} | ${s.seconds.toFixed(1)} | ${s.rows > 0 && s.seconds > 0 ? fmt(s.rows / s.seconds) : ''} |`);
    console.log(`| **total** | ${fmt(report.benefits)} benefits | ${report.seconds.toFixed(1)} | ${fmt(report.benefits / report.seconds)} |`);
    console.log(`\npersons ${fmt(report.persons)}, benefits ${fmt(report.benefits)}, SINA ${fmt(report.sinaAssessments)} (${((100 * report.sinaAssessments) / report.benefits).toFixed(1)}%), SIOSS declarations ${report.siossDeclarations}`);
    console.log(`samples: position1 ${report.samples.position1}, position10 ${report.samples.position10}, position100 ${report.samples.position100}, typical ${report.samples.typical}; ente ${report.ente.code} with ${fmt(report.ente.activeBenefits)} active benefits`);

    if (!values['no-verify']) {
      const failures = await verifyDataset(url, report);
      if (failures.length > 0) {
        failed = true;
        console.log(`\nverification FAILED:\n${failures.map((f) => `- ${f}`).join('\n')}`);
      } else {
        console.log('\nverification: OK (positions of 1, 10 and 100 benefits, ente listing, probe record UNCHANGED, SINA of the typical person, nearby SIOSS services, indexes and constraints as migrated)');
      }
    }
    if (keep) {
      console.log(external ? `\nkept: database ${name} (drop it with: dropdb -h <host> -U <user> ${name})` : `\nkept: ${url}; Ctrl-C stops the embedded server and removes it`);
      if (!external) await new Promise<void>((resolve) => { process.once('SIGINT', resolve); process.once('SIGTERM', resolve); });
    }
  } finally {
    if (!keep) await dropDatabase(server.adminUrl, name).catch(() => undefined);
    await server.stop();
  }
  return failed ? 1 : 0;
}
