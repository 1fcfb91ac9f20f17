import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '@siuss/testing/http';

// The mocks as the launcher runs them: `@siuss/mocks/isee`, `/nsis` and `/waas` as processes,
// configured through the environment, probed on /health, stopped with SIGTERM.

const children: ChildProcess[] = [];

function start(entry: string, env: Record<string, string>): { child: ChildProcess; output: string[] } {
  const output: string[] = [];
  const child = spawn(process.execPath, [fileURLToPath(import.meta.resolve(entry))], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  children.push(child);
  return { child, output };
}

async function waitForHealth(url: string, child: ChildProcess): Promise<any> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error('the mock exited');
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return response.json();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the mock did not become healthy');
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('the mock registries as processes', () => {
  it.each([
    ['isee', '@siuss/mocks/isee', 'SIUSS_ISEE', '/attestazioni?codiceFiscale=RSSMRA80C15H501M&dataValidita=2025-06-01'],
    ['nsis', '@siuss/mocks/nsis', 'SIUSS_NSIS', '/persone/RMNGPP41R19L219M'],
    ['waas', '@siuss/mocks/waas', 'SIUSS_WAAS', '/waas/v1/status'],
  ])('%s starts with its configured behaviour, answers, and stops on SIGTERM', async (name, entry, prefix, path) => {
    const port = await freePort();
    const { child } = start(entry, { [`${prefix}_PORT`]: String(port), [`${prefix}_LATENCY_MS`]: '150', LOG_LEVEL: 'silent' });
    const url = `http://127.0.0.1:${port}`;
    expect(await waitForHealth(url, child)).toEqual({ status: 'ok', registry: name, behaviour: { latencyMs: 150, errorRate: 0, outage: false } });
    const started = performance.now();
    expect((await fetch(`${url}${path}`)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('refuses to start with an unusable setting, naming it', async () => {
    const { child, output } = start('@siuss/mocks/isee', { SIUSS_ISEE_PORT: String(await freePort()), SIUSS_ISEE_ERROR_RATE: '2' });
    expect(await exited(child)).not.toBe(0);
    expect(output.join('')).toContain('SIUSS_ISEE_ERROR_RATE=2 is not a number between 0 and 1');
    const waas = start('@siuss/mocks/waas', { SIUSS_WAAS_PORT: String(await freePort()), SIUSS_WAAS_ENTE: 'Z999' });
    expect(await exited(waas.child)).not.toBe(0);
    expect(waas.output.join('')).toContain('SIUSS_WAAS_ENTE=Z999 is not the Belfiore code of a current Comune');
  });

  it('runs the WaaS mock with the outbox its settings ask for', async () => {
    const port = await freePort();
    const { child } = start('@siuss/mocks/waas', { SIUSS_WAAS_PORT: String(port), SIUSS_WAAS_ENTE: 'F205', SIUSS_WAAS_FLOWS: '4', LOG_LEVEL: 'silent' });
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url, child);
    const response = await fetch(`${url}/waas/v1/flussi?since=0&limit=100`, { headers: { authorization: 'Bearer test' } });
    const body = (await response.json()) as { elenco_flussi: Array<{ codice_ente: string }> };
    expect(body.elenco_flussi.map((flow) => flow.codice_ente)).toEqual(['F205', 'F205', 'F205', 'F205']);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });
});
