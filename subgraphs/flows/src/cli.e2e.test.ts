import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testAuth } from '@siuss/testing/auth';
import { psFlowXml, startFlowsHarness, type FlowsHarness } from './testing.ts';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

let hub: FlowsHarness;
let dir: string;

beforeAll(async () => {
  hub = await startFlowsHarness();
  dir = await mkdtemp(join(tmpdir(), 'siuss-cli-'));
});
afterAll(async () => {
  await hub?.close();
  await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, NODE_ENV: 'test', SIUSS_TOKEN: await testAuth().token('ENTE_OPERATOR') } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run flows -- submit', () => {
  it('uploads a file and prints one JSON document with every record\'s outcome (--json)', async () => {
    const file = join(dir, 'mixed.xml');
    await writeFile(file, psFlowXml('H501.PS.20261201.0000300', [{ prestazione: { ProtocolloDomanda: 'CLI-1' } }, { prestazione: { ProtocolloDomanda: 'CLI-2', AreaUtenza: undefined } }]));
    const { code, stdout } = await cli(['submit', file, '--url', hub.baseUrl, '--json']);
    expect(code).toBe(2);
    const result = JSON.parse(stdout) as { flowId: string; counts: Record<string, number>; records: Array<{ index: number; esito: string; description: string }> };
    expect(result.counts).toMatchObject({ OK: 1, RICHIESTA_INVALIDA: 1 });
    expect(result.records.map((r) => [r.index, r.esito])).toEqual([[0, 'OK'], [1, 'RICHIESTA_INVALIDA']]);
    expect(result.records[1]?.description).toMatch(/AreaUtenza.*R8/);
    expect(result.flowId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('prints the summary of outcomes and exits 0 when everything was acquired', async () => {
    const file = join(dir, 'good.xml');
    await writeFile(file, psFlowXml('H501.PS.20261201.0000301', [{ prestazione: { ProtocolloDomanda: 'CLI-3' } }]));
    const { code, stdout } = await cli(['submit', file, '--url', hub.baseUrl]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/: DONE/);
    expect(stdout).toMatch(/OK\s+1/);
  });

  it('exits 1 with the reason when the flow is refused as a whole', async () => {
    const file = join(dir, 'empty.xml');
    await writeFile(file, '');
    const { code, stdout } = await cli(['submit', file, '--url', hub.baseUrl]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/refused as a whole: EMPTY/);
  });

  it('says what to do when the hub is not running or arguments are missing', async () => {
    const file = join(dir, 'good.xml');
    const down = await cli(['submit', file, '--url', 'http://127.0.0.1:9']);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/did not answer.*npm start/);
    const csv = await cli(['submit', join(dir, 'rows.csv'), '--url', hub.baseUrl]);
    expect(csv.stderr).toMatch(/--name, --ente, --seat, --operator/);
  });
});
