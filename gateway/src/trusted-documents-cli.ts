// Checks the trusted documents file (each key is the sha256 of its document, every document parses,
// the GraphiQL example is listed); with --write, re-keys every document by its hash and adds the example.
//   npm run trusted-documents -w @siuss/gateway [-- --write]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from './config.ts';
import { EXAMPLE_OPERATION } from './example.ts';
import { documentHash, loadTrustedDocuments } from './protection.ts';

const config = loadConfig();
const path = config.protection.trustedDocumentsPath ?? resolve(config.hub.projectRoot, 'schema/trusted-documents.json');

if (process.argv.includes('--write')) {
  const current = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>) : {};
  const documents = [...Object.values(current), EXAMPLE_OPERATION];
  const entries = Object.fromEntries(documents.map((document) => [documentHash(document), document]));
  writeFileSync(path, `${JSON.stringify(entries, null, 2)}\n`);
}

try {
  const documents = loadTrustedDocuments(path);
  if (!documents.has(documentHash(EXAMPLE_OPERATION))) {
    console.error(`${path}: the GraphiQL example (src/example.ts) is missing or changed; run with --write`);
    process.exitCode = 1;
  } else {
    console.log(`${path}: ${documents.size} trusted documents, every hash matches its document`);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
