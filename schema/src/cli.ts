import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { committedSupergraph, composeSupergraph, SUPERGRAPH_FILE } from './compose.ts';

// npm run compose            writes schema/supergraph.graphql
// npm run compose -- --check exits 1 when the committed file differs from a fresh composition
try {
  const composed = composeSupergraph();
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = committedSupergraph();
    } catch {
      // missing file: drift
    }
    if (committed !== composed) {
      console.error('schema/supergraph.graphql is out of date with the subgraph SDLs: run `npm run compose` and commit it.');
      process.exit(1);
    }
    console.log('schema/supergraph.graphql is up to date.');
  } else {
    writeFileSync(SUPERGRAPH_FILE, composed);
    console.log(`Wrote ${fileURLToPath(SUPERGRAPH_FILE)}`);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
