import { runMock } from '../common/main.ts';
import { createIseeServer } from './server.ts';

await runMock('isee', createIseeServer);
