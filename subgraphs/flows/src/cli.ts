import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadJwtSettings } from '@siuss/auth/config';
import { demoClaims } from '@siuss/auth/demo-identities';
import { mintDevelopmentToken } from '@siuss/auth/dev-tokens';
import { loadHubConfig } from '@siuss/config/config';
import type { FlowSummary } from './routes.ts';

const USAGE = `Usage: npm run flows -- submit <file> [options]

Uploads a PS/PSA/SINA or SINBA flow (XML) or a PS CSV to the running hub, shows its progress and
prints the summary of outcomes.

Options:
  --format XML|CSV    the file's format (default: from the extension)
  --name NAME         CSV only: the flow name (IdentificazioneFlusso@Nome), e.g. H501.PS.20261201.0000001
  --ente CODE         CSV only: Ente@Codice
  --ente-name NAME    CSV only: Ente@Denominazione (optional)
  --seat BELFIORE     CSV only: Ente@Indirizzo, Belfiore code of the ente's seat
  --operator CF       CSV only: Ente@CFOperatore
  --url URL           the flows service (default: SIUSS_FLOWS_URL without /graphql, http://127.0.0.1:4005)
  --token JWT         the sender's token (default: SIUSS_TOKEN; in development, a token of an ENTE_OPERATOR
                      of --ente, or of H501, minted with the development key)
  --json              print one JSON document (flow id, count per esito, every record) instead
  --timeout SECONDS   give up waiting after this long (default 3600)

Exit code: 0 every record acquired; 2 some records refused; 1 the flow was refused or not sent.`;

interface Options {
  token: string;
  file: string;
  format: 'XML' | 'CSV';
  url: string;
  json: boolean;
  timeoutMs: number;
  envelope: Record<string, string>;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function parse(argv: string[]): Promise<Options> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' }, name: { type: 'string' }, ente: { type: 'string' }, 'ente-name': { type: 'string' },
        seat: { type: 'string' }, operator: { type: 'string' }, url: { type: 'string' }, json: { type: 'boolean' },
        timeout: { type: 'string' }, token: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (positionals[0] !== 'submit' || !positionals[1]) fail(USAGE);
  const file = positionals[1];
  const format = (values.format ?? (/\.csv$/i.test(file) ? 'CSV' : 'XML')).toUpperCase();
  if (format !== 'XML' && format !== 'CSV') fail(`--format must be XML or CSV, not ${values.format}.`);
  const envelope: Record<string, string> = {};
  if (format === 'CSV') {
    const missing = ['name', 'ente', 'seat', 'operator'].filter((key) => !values[key as 'name']);
    if (missing.length > 0) fail(`A CSV file carries no envelope: give ${missing.map((m) => `--${m}`).join(', ')}.`);
    Object.assign(envelope, { name: values.name, ente: values.ente, seat: values.seat, operator: values.operator }, values['ente-name'] ? { enteName: values['ente-name'] } : {});
  }
  const url = (values.url ?? loadHubConfig().subgraphs.flows.url).replace(/\/graphql\/?$/, '').replace(/\/+$/, '');
  const timeout = Number(values.timeout ?? 3600);
  if (!Number.isFinite(timeout) || timeout <= 0) fail('--timeout must be a number of seconds.');
  const token = values.token ?? process.env['SIUSS_TOKEN'] ?? (await developmentToken(values.ente ?? 'H501'));
  return { token, file, format, url, json: values.json ?? false, timeoutMs: timeout * 1000, envelope };
}

/** In development, a token of an operator of `ente` signed with the data folder's key (what `npm run token` mints). */
async function developmentToken(ente: string): Promise<string> {
  const hub = loadHubConfig();
  const settings = loadJwtSettings(process.env, hub);
  if (settings.keys.kind !== 'development') fail('Give the sender\'s token with --token or SIUSS_TOKEN (development tokens exist only with the development key).');
  process.stderr.write(`Sending as an ENTE_OPERATOR of ${ente} with a development token (--token to choose).\n`);
  return mintDevelopmentToken(settings, demoClaims('ENTE_OPERATOR', { ente }));
}

async function upload(options: Options, bar: cliProgress.SingleBar | undefined): Promise<{ id: string; created: boolean }> {
  const size = (await stat(options.file).catch(() => fail(`Cannot read ${options.file}: no such file.`))).size;
  bar?.start(size, 0, { phase: 'uploading' });
  const stream = createReadStream(options.file);
  let sent = 0;
  stream.on('data', (chunk) => {
    sent += chunk.length;
    bar?.update(sent);
  });
  const query = new URLSearchParams({ format: options.format, ...options.envelope });
  let response: Response;
  try {
    response = await fetch(`${options.url}/flows?${query}`, {
      method: 'POST',
      headers: { 'content-type': options.format === 'CSV' ? 'text/csv' : 'application/xml', 'content-length': String(size), authorization: `Bearer ${options.token}` },
      body: Readable.toWeb(stream) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
  } catch (error) {
    bar?.stop();
    fail(`The hub at ${options.url} did not answer (${(error as Error).message}). Is it running (npm start)? Set --url or SIUSS_FLOWS_URL.`);
  }
  const body = (await response.json().catch(() => ({}))) as { id?: string; created?: boolean; detail?: string; title?: string };
  if (!response.ok || !body.id) {
    bar?.stop();
    fail(`The hub refused the file: ${body.detail ?? body.title ?? `HTTP ${response.status}`}`);
  }
  return { id: body.id, created: body.created ?? true };
}

async function follow(options: Options, id: string, bar: cliProgress.SingleBar | undefined): Promise<FlowSummary> {
  const deadline = Date.now() + options.timeoutMs;
  let started = false;
  for (;;) {
    const response = await fetch(`${options.url}/flows/${id}`, { headers: { authorization: `Bearer ${options.token}` } }).catch(() => undefined);
    if (response?.ok) {
      const flow = (await response.json()) as FlowSummary;
      if (bar && flow.totalRecords !== null) {
        if (!started) bar.start(flow.totalRecords, 0, { phase: 'storing' });
        started = true;
        bar.update(flow.processedRecords);
      }
      if (flow.state === 'DONE' || flow.state === 'FAILED') {
        bar?.stop();
        return flow;
      }
    }
    if (Date.now() > deadline) {
      bar?.stop();
      fail(`Flow ${id} is still running after ${options.timeoutMs / 1000} s; follow it with GET ${options.url}/flows/${id}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function printJson(options: Options, flow: FlowSummary): Promise<void> {
  const out = (text: string): Promise<void> => new Promise((resolve) => (process.stdout.write(text) ? resolve() : process.stdout.once('drain', () => resolve())));
  const head = { flowId: flow.id, name: flow.name, state: flow.state, failure: flow.failure, totalRecords: flow.totalRecords, counts: flow.counts };
  await out(`${JSON.stringify(head).slice(0, -1)},"records":[`);
  const response = await fetch(`${options.url}/flows/${flow.id}/records`, { headers: { authorization: `Bearer ${options.token}` } });
  let first = true;
  let rest = '';
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n');
    rest = lines.pop() ?? '';
    const records = lines.filter((line) => line !== '');
    if (records.length === 0) continue;
    await out(`${first ? '' : ','}${records.join(',')}`);
    first = false;
  }
  if (rest.trim()) await out(`${first ? '' : ','}${rest}`);
  await out(']}\n');
}

function printSummary(flow: FlowSummary, url: string): void {
  const lines = [`Flow ${flow.id}${flow.name ? ` (${flow.name})` : ''}: ${flow.state}`];
  if (flow.failure) lines.push(`  refused as a whole: ${flow.failure.code}: ${flow.failure.message}`);
  lines.push(`  records: ${flow.totalRecords ?? 0}`);
  for (const [esito, count] of Object.entries(flow.counts)) if (esito !== 'withWarnings') lines.push(`  ${esito.padEnd(18)} ${count}`);
  if (flow.counts.withWarnings > 0) lines.push(`  (${flow.counts.withWarnings} acquired with warnings)`);
  const refused = flow.counts.RICHIESTA_INVALIDA + flow.counts.DATI_NON_TROVATI + flow.counts.ERRORE_GENERICO;
  if (refused > 0) lines.push(`  the refused records with their errors: ${url}/flows/${flow.id}/rejected.csv`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

const options = await parse(process.argv.slice(2));
const bar = !options.json && process.stderr.isTTY
  ? new cliProgress.SingleBar({ format: '{phase} [{bar}] {percentage}% {value}/{total}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
  : undefined;
const submitted = await upload(options, bar);
bar?.stop();
if (!options.json && !submitted.created) process.stderr.write(`This file was already submitted: these are the outcomes of flow ${submitted.id}.\n`);
const flow = await follow(options, submitted.id, bar);
if (options.json) await printJson(options, flow);
else printSummary(flow, options.url);
const refused = flow.counts.RICHIESTA_INVALIDA + flow.counts.DATI_NON_TROVATI + flow.counts.ERRORE_GENERICO;
process.exitCode = flow.state === 'FAILED' ? 1 : refused > 0 ? 2 : 0;
