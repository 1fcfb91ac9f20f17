// The npm registry this project installs from does not serve every platform build of some optional
// native packages (e.g. @swc/core-darwin-arm64). npm install then leaves them out of
// package-lock.json, and `npm ci` refuses the lock file as out of sync. This adds a stub entry for
// each missing optional dependency; `npm ci` then treats it as an optional package that could not
// be fetched, which is fine on this platform. Runs after every install (root postinstall).
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
let lock;
try {
  lock = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  process.exit(0);
}
let added = 0;
for (const [path, entry] of Object.entries(lock.packages ?? {})) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
    if (lock.packages[`node_modules/${name}`] || lock.packages[nested]) continue;
    lock.packages[`node_modules/${name}`] = { version, optional: true, ...(entry.dev ? { dev: true } : {}) };
    added += 1;
  }
}
if (added > 0) writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
