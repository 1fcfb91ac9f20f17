import { runMock } from '../common/main.ts';
import { createNsisServer } from './server.ts';

await runMock('nsis', createNsisServer);
