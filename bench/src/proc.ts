// What the kernel says about a process and the machine (Linux /proc), read without slowing them down.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

let clockTicks: number | undefined;

/** Clock ticks per second of /proc times (getconf CLK_TCK; 100 on Linux unless told otherwise). */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** Resident set size of `pid` now (VmRSS) and its peak so far (VmHWM), in bytes; undefined once it has exited. */
export function memoryOf(pid: number): { rss: number; peak: number } | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** CPU time used by `pid` so far, user + system, in seconds (its own threads; not its children). */
export function cpuSecondsOf(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name, which is in parentheses and may hold spaces: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
}

/** Busy and total CPU seconds of the whole machine so far (all cores, /proc/stat), to tell how loaded it was. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: (total - idle) / ticksPerSecond(), total: total / ticksPerSecond() };
}

/** Samples the RSS of `pid` every `everyMs` and keeps the highest value seen (with the kernel's own high-water mark). */
export function sampleMemory(pid: number, everyMs = 100): { peakBytes(): number; stop(): void } {
  let peak = 0;
  const sample = (): void => {
    const memory = memoryOf(pid);
    if (memory) peak = Math.max(peak, memory.rss, memory.peak);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    peakBytes: () => {
      sample();
      return peak;
    },
    stop: () => clearInterval(timer),
  };
}

/** nproc, memory and CPU model of this machine, for the results. */
export function machineSummary(): string {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpus().length} cores (${model}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, node ${process.version}`;
}

function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds of a PostgreSQL server so far: the postmaster, its live children (backends, WAL
 * writer, checkpointer...) and, through the postmaster's cutime/cstime, the children that have
 * exited. Needs the server on this machine; undefined when /proc does not show it.
 */
export function serverCpuSeconds(postmasterPid: number): number | undefined {
  const own = statFields(postmasterPid);
  if (!own) return undefined;
  // After the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14).
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (fields && Number(fields[1]) === postmasterPid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / ticksPerSecond();
}

/** The parent of `pid` (the postmaster, for a backend's pid). */
export function parentOf(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields ? Number(fields[1]) : undefined;
}
