import { Migration20261122145410 } from './Migration20261122145410_initial.ts';

// The committed migrations, in order. `npm run migration:create` writes a new file here; add it below.
export const migrations = [Migration20261122145410];
