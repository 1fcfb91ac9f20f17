import { describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { createLogger } from '@siuss/logging/logger';
import { runUntilStopped, type StoppableProcess } from './lifecycle.ts';

function fakeProcess() {
  const events = new EventEmitter();
  const exits: number[] = [];
  let exited: (code: number) => void = () => undefined;
  const exit = new Promise<number>((resolve) => (exited = resolve));
  const host: StoppableProcess = {
    on: (event, listener) => events.on(event, listener),
    exit: (code) => {
      exits.push(code);
      exited(code);
    },
  };
  return { events, exits, exit, host };
}

function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { lines, logger: createLogger({ name: 'test', level: 'info', destination }) };
}

describe('runUntilStopped', () => {
  it('stops once on the first signal, then exits with 0', async () => {
    const { events, exits, exit, host } = fakeProcess();
    const { lines, logger } = capturedLogger();
    let stops = 0;
    runUntilStopped('test', logger, async () => {
      stops += 1;
    }, host);
    events.emit('SIGTERM');
    events.emit('SIGINT');
    events.emit('disconnect');
    expect(await exit).toBe(0);
    expect(stops).toBe(1);
    expect(exits).toEqual([0]);
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['SIGTERM: stopping']);
  });

  it('stops when the launcher disconnects, and exits with 1 when stopping fails', async () => {
    const { events, exit, host } = fakeProcess();
    const { lines, logger } = capturedLogger();
    runUntilStopped('test', logger, async () => {
      throw new Error('port still bound');
    }, host);
    events.emit('disconnect');
    expect(await exit).toBe(1);
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['launcher gone: stopping', 'test: stopping failed']);
  });
});
