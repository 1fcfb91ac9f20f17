import { afterEach, describe, expect, it } from '@jest/globals';
import { createLogger } from '@siuss/logging/logger';
import { startIngestThreads, type IngestThreads } from './threads.ts';

// The pool of ingest threads, driven with a stand-in thread (thread-fixture.ts) whose flow ids say
// how the job ends: real worker threads, real V8 heap limits.

const FIXTURE = new URL('./thread-fixture.ts', import.meta.url);

function pool(overrides: { size?: number; idleMs?: number } = {}) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ name: 'threads-test', level: 'info', destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) } });
  const threads = startIngestThreads({
    data: { databaseUrl: 'postgres://unused', strictRules: [], batchSize: 1, maxAttempts: 1, loggerName: 'flows', logLevel: 'info' },
    size: overrides.size ?? 2,
    limits: { oldGenerationMb: 32, youngGenerationMb: 8 },
    idleMs: overrides.idleMs ?? 60_000,
    logger,
    entry: FIXTURE,
  });
  return { threads, lines };
}

let running: IngestThreads | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('ingest threads', () => {
  it('runs jobs on a thread and relays its log lines through the service logger', async () => {
    const { threads, lines } = pool();
    running = threads;
    await expect(threads.run('a')).resolves.toBe('DONE');
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'ran', flowId: 'a', thread: 'ingest', name: 'threads-test', level: 30 }));
  });

  it('reuses an idle thread', async () => {
    const { threads, lines } = pool();
    running = threads;
    await threads.run('a');
    await threads.run('b');
    const ids = lines.filter((line) => line['msg'] === 'ran').map((line) => line['threadId']);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });

  it('rejects a job that fails, keeping the thread', async () => {
    const { threads, lines } = pool();
    running = threads;
    await expect(threads.run('throw')).rejects.toMatchObject({ name: 'FixtureError', message: 'the job failed' });
    await threads.run('after');
    expect(lines.filter((line) => line['msg'] === 'ran')).toHaveLength(1);
  });

  it('survives a thread that runs out of memory: the job is rejected, the next one gets a new thread', async () => {
    const { threads, lines } = pool();
    running = threads;
    await expect(threads.run('grow')).rejects.toMatchObject({ name: 'IngestThreadStopped', message: expect.stringMatching(/flow grow stopped before the job ended/) });
    expect(lines).toContainEqual(expect.objectContaining({ code: 'ERR_WORKER_OUT_OF_MEMORY', limitMb: 32, msg: expect.stringMatching(/ran out of memory.*SIUSS_FLOWS_THREAD_HEAP_MB/) }));
    await expect(threads.run('next')).resolves.toBe('DONE');
  });

  it('rejects the job of a thread that exits', async () => {
    const { threads } = pool();
    running = threads;
    await expect(threads.run('exit')).rejects.toMatchObject({ name: 'IngestThreadStopped', message: expect.stringMatching(/exit code 3/) });
    await expect(threads.run('next')).resolves.toBe('DONE');
  });

  it('queues jobs beyond its size and runs them as threads free up', async () => {
    const { threads, lines } = pool({ size: 1 });
    running = threads;
    const results = await Promise.all([threads.run('slow'), threads.run('x'), threads.run('y')]);
    expect(results).toEqual(['DONE', 'DONE', 'DONE']);
    expect(new Set(lines.filter((line) => line['msg'] === 'ran').map((line) => line['threadId'])).size).toBe(1);
  });

  it('ends a thread left idle and starts another for later work', async () => {
    const { threads, lines } = pool({ idleMs: 50 });
    running = threads;
    await threads.run('a');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await threads.run('b');
    const ids = lines.filter((line) => line['msg'] === 'ran').map((line) => line['threadId']);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('refuses new work once stopping, and rejects what was waiting', async () => {
    const { threads } = pool({ size: 1 });
    const slow = threads.run('slow');
    const waiting = threads.run('w');
    const stopped = threads.stop();
    await expect(waiting).rejects.toThrow(/stays queued/);
    await expect(slow).rejects.toMatchObject({ name: 'IngestThreadStopped' });
    await stopped;
    await expect(threads.run('late')).rejects.toThrow(/stopping/);
  });
});
