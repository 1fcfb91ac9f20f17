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
  return HEADER + composeSubgraphs(SUBGRAPHS.map((subgraph) => ({ name: subgraph.name, url: subgraph.defaultUrl, typeDefs: readFileSync(subgraph.sdl, 'utf8') }))).trimEnd() + '\n';
}

/**
 * Composes the given subgraph SDLs into a supergraph SDL, as composeSupergraph does for the real
 * ones; tests compose variants (a subgraph of their own, a directive added to one field).
 * Throws with every composition error listed.
 */
export function composeSubgraphs(subgraphs: ReadonlyArray<{ name: string; url: string; typeDefs: string }>): string {
  const result = composeServices(subgraphs.map((subgraph) => ({ name: subgraph.name, url: subgraph.url, typeDefs: parse(subgraph.typeDefs) })));
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => `- ${error.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}

/** The supergraph as committed. */
export function committedSupergraph(): string {
  return readFileSync(SUPERGRAPH_FILE, 'utf8');
}
