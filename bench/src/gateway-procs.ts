// Which processes of a running hub are which: the launcher spawns each service as a child of this
// process (`node <entry>`), so /proc tells them apart by parent and command line.
import { readdirSync, readFileSync } from 'node:fs';

/** A process as /proc shows it. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** The executable's name (`node`, `postgres`). */
  comm: string;
  argv: string[];
}

function info(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return { pid, ppid, comm, argv };
  } catch {
    return undefined; // exited meanwhile
  }
}

/** The live children of `parent` (one level). */
export function childrenOf(parent: number): ProcessInfo[] {
  const children: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const process = info(Number(entry));
    if (process?.ppid === parent) children.push(process);
  }
  return children;
}

/**
 * The pid of each service among the children of `parent`, by the entry file it runs
 * (`entries`: service name -> absolute path of its entry). Throws, naming them, when a service is
 * not found: CPU figures without one of the processes would be wrong, not just incomplete.
 */
export function servicePids(parent: number, entries: Record<string, string>): Record<string, number> {
  const children = childrenOf(parent);
  const pids: Record<string, number> = {};
  for (const [name, entry] of Object.entries(entries)) {
    const child = children.find((candidate) => candidate.argv.includes(entry));
    if (child) pids[name] = child.pid;
  }
  const missing = Object.keys(entries).filter((name) => pids[name] === undefined);
  if (missing.length > 0) throw new Error(`no child process runs ${missing.map((name) => `${name} (${entries[name]})`).join(', ')}`);
  return pids;
}
