import { readFileSync } from 'node:fs';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { SUBGRAPHS } from './subgraphs.ts';

/** The committed supergraph file. */
export const SUPERGRAPH_FILE = new URL('../supergraph.graphql', import.meta.url);

const HEADER = '# Composed by `npm run compose` from the subgraph SDLs. Do not edit: CI fails when it drifts.\n';

/**
 * Composes the subgraph SDLs into the supergraph SDL (Federation v2, @theguild/federation-composition).
 * Throws with every composition error listed, each naming the subgraph and type at fault.
 */
export function composeSupergraph(): string {
  const result = composeServices(
    SUBGRAPHS.map((subgraph) => ({
      name: subgraph.name,
      url: subgraph.defaultUrl,
      typeDefs: parse(readFileSync(subgraph.sdl, 'utf8')),
    })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => `- ${error.message}`).join('\n')}`);
  }
  return HEADER + result.supergraphSdl.trimEnd() + '\n';
}

/** The supergraph as committed. */
export function committedSupergraph(): string {
  return readFileSync(SUPERGRAPH_FILE, 'utf8');
}
