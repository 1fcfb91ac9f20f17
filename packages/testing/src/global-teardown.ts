import { rm } from 'node:fs/promises';

/** Stops the run's embedded PostgreSQL and removes its temporary folder. */
export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__siussTestDatabase;
  if (!state) return;
  await state.server.stop();
  if (state.dir) await rm(state.dir, { recursive: true, force: true });
}
