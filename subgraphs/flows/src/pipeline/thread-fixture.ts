// A stand-in ingest thread for threads.test.ts, speaking thread-protocol.ts: the flow id says what
// the "job" does, so the pool's handling of each way a thread can end is tested for real.
import { parentPort, threadId } from 'node:worker_threads';
import type { ThreadReply, ThreadRequest } from './thread-protocol.ts';

const port = parentPort;
if (!port) throw new Error('thread-fixture.ts runs only as a worker thread');
const kept: unknown[] = [];

port.on('message', (request: ThreadRequest) => {
  if (request.type === 'stop') return port.close();
  const reply = (message: ThreadReply): void => port.postMessage(message);
  switch (request.flowId) {
    case 'grow':
      // Runs out of heap: keeps allocating until V8 stops the thread.
      for (;;) kept.push(new Array(100_000).fill(Math.random()));
    case 'exit':
      process.exit(3);
      break;
    case 'throw':
      reply({ type: 'failed', id: request.id, errorName: 'FixtureError', message: 'the job failed' });
      break;
    case 'slow':
      setTimeout(() => reply({ type: 'done', id: request.id, state: 'DONE' }), 300);
      break;
    default:
      reply({ type: 'log', line: JSON.stringify({ level: 30, time: Date.now(), msg: 'ran', flowId: request.flowId, threadId }) });
      reply({ type: 'done', id: request.id, state: 'DONE' });
  }
});
port.postMessage({ type: 'ready' } satisfies ThreadReply);
