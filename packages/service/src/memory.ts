import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;
let collect: Collect | undefined;

/**
 * Gives the memory this thread's V8 heap no longer uses back to the system: a full, compacting
 * collection that also shrinks the young generation (V8's low-memory notification). V8 grows the
 * young generation while a burst allocates (start-up, a large upload) and, in a service that then
 * mostly waits, may keep it for a long time: measured, the flows service held ~100 MB of heap for
 * ~40 MB in use after start-up. Blocks the thread for one full collection (tens of ms): call it
 * after a burst, never per request.
 */
export function releaseMemory(): void {
  if (!collect) {
    // `gc` is only reachable with --expose-gc; exposing it from here keeps the services' command lines plain.
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as Collect;
  }
  collect({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}
