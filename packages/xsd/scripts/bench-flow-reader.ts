// Throughput of @siuss/xsd/flow-reader on generated PS flows (XML and CSV):
//   npx node scripts/bench-flow-reader.ts [records=200000] [batchSize=1000]   (from packages/xsd)
// Writes the flows to the temp directory, then times scanFlow (pass 1) and readFlow (pass 2: parse +
// XSD validation) reading them from disk, and prints records/s, MB/s and the peak rss.
import { createReadStream, createWriteStream, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { generatePsFlowCsv, generatePsFlowXml, readFlow, scanFlow } from '../src/flow-reader.ts';
import type { FlowEnvelope, FlowFormat } from '../src/flow-reader.ts';

const records = Number(process.argv[2] ?? 200_000);
const batchSize = Number(process.argv[3] ?? 1000);
const envelope: FlowEnvelope = { name: 'H501.PS.20250115.0000001', ente: { Codice: 'H501', Denominazione: 'Comune di Roma', Indirizzo: 'H501', CFOperatore: 'RSSMRA80C15H501M' } };
const generatorOptions = { name: envelope.name, ente: envelope.ente, records, seed: 7 };

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

async function bench(format: FlowFormat, file: string): Promise<void> {
  const options = { format, csvEnvelope: envelope } as const;
  const mb = statSync(file).size / 1e6;
  const open = () => createReadStream(file, { highWaterMark: 1 << 16 });
  let start = performance.now();
  const scan = await scanFlow(open(), options);
  const scanSeconds = (performance.now() - start) / 1000;
  start = performance.now();
  let read = 0;
  let invalid = 0;
  for await (const batch of readFlow(open(), { ...options, batchSize })) {
    read += batch.length;
    for (const record of batch) if (record.problems.length > 0) invalid += 1;
  }
  const readSeconds = (performance.now() - start) / 1000;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  console.log(
    `${format}: ${scan.records} records, ${mb.toFixed(1)} MB (${Math.round((mb * 1e6) / scan.records)} bytes/record)\n` +
      `  scanFlow  ${(scan.records / scanSeconds).toFixed(0).padStart(7)} records/s  ${(mb / scanSeconds).toFixed(1)} MB/s\n` +
      `  readFlow  ${(read / readSeconds).toFixed(0).padStart(7)} records/s  ${(mb / readSeconds).toFixed(1)} MB/s  (parse + XSD, ${invalid} invalid)`,
  );
}

const xmlFile = join(tmpdir(), `siuss-bench-${process.pid}.xml`);
const csvFile = join(tmpdir(), `siuss-bench-${process.pid}.csv`);
try {
  await pipeline(Readable.from(generatePsFlowXml(generatorOptions)), createWriteStream(xmlFile));
  await pipeline(Readable.from(generatePsFlowCsv(generatorOptions)), createWriteStream(csvFile));
  const rssBefore = process.memoryUsage().rss;
  await bench('XML', xmlFile);
  await bench('CSV', csvFile);
  console.log(`rss: ${(rssBefore / 1e6).toFixed(0)} MB before reading, peak ${(peakRss / 1e6).toFixed(0)} MB; node ${process.version}`);
} finally {
  clearInterval(sampler);
  rmSync(xmlFile, { force: true });
  rmSync(csvFile, { force: true });
}
