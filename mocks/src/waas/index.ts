import { runMock } from '../common/main.ts';
import { loadOutboxOptions } from './config.ts';
import { createWaasServer } from './server.ts';

const outbox = loadOutboxOptions();
await runMock('waas', (options) => createWaasServer({ ...options, outbox }));
