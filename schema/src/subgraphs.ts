/** A subgraph of the supergraph: its name, where its SDL lives, and its default local URL. */
export interface SubgraphSource {
  name: string;
  sdl: URL;
  defaultUrl: string;
}

/** Every subgraph composed into the supergraph, in a stable order. */
export const SUBGRAPHS: readonly SubgraphSource[] = (['benefits', 'assessments', 'offering', 'registries', 'flows'] as const).map((name, index) => ({
  name,
  sdl: new URL(import.meta.resolve(`@siuss/subgraph-${name}/schema.graphql`)),
  defaultUrl: `http://127.0.0.1:${4001 + index}/graphql`,
}));
