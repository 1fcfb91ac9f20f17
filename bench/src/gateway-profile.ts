// A short reading of a V8 CPU profile (`node --cpu-prof`): where the process spent its own time,
// by package and by function, so a benchmark can say what a gateway does with its CPU.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Self time in milliseconds and its share of the profile's busy time (idle excluded). */
export interface ProfileEntry {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  /** Sampled time that was not idle, in milliseconds. */
  busyMs: number;
  byPackage: ProfileEntry[];
  byFunction: ProfileEntry[];
}

/** The package a frame belongs to: `node_modules/<name>` (scoped names kept), node internals, the project's own files, or V8's pseudo-frames. */
function packageOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + '/node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? url);
  }
  const project = /\/(gateway|packages\/[^/]+|subgraphs\/[^/]+|bench|mocks)\/src\//.exec(url);
  return project ? `project: ${project[1]}` : url;
}

function top(totals: Map<string, number>, busyMs: number, count: number): ProfileEntry[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => ({ name, ms, share: busyMs > 0 ? ms / busyMs : 0 }));
}

/**
 * Self time of the profile at `file`, grouped by package and by function (name, file and line),
 * the `count` largest of each. Idle time is left out of the busy total; garbage collection and
 * `(program)` (V8 and native work outside JavaScript) stay in, as their own entries.
 */
export function summarizeProfile(file: string, count = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  let busyMs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') continue;
    const ms = us / 1000;
    busyMs += ms;
    const pkg = packageOf(frame.url, frame.functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
    const file = frame.url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*\/main\//, '');
    const name = `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
  }
  return { busyMs, byPackage: top(packages, busyMs, count), byFunction: top(functions, busyMs, count) };
}
