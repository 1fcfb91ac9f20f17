import { Migration20261201074824 } from './Migration20261201074824_initial.ts';
import { Migration20261201090000 } from './Migration20261201090000_submitter.ts';

// The committed migrations, in order. `npm run migration:create` writes a new file here; add it below.
export const migrations = [Migration20261201074824, Migration20261201090000];
