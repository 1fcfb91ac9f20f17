import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** Set in the hub's environment by the supervisor: the process that runs the hub itself. */
export const SUPERVISED = 'SIUSS_LAUNCHER_SUPERVISED';

/**
 * Runs `entry` again as the hub, in a process group of its own, and passes it the signals this
 * process receives. Why: Ctrl-C in a terminal signals the whole foreground group at once, the
 * embedded PostgreSQL included, which then shuts down fast while the subgraphs are still writing
 * their last audit entries. Out of the terminal's group, only the hub hears the signal (from here)
 * and stops in order: services first, PostgreSQL last. The hub stops too if this process dies (its
 * IPC channel closes). Ends this process with the hub's exit code.
 */
export function superviseInOwnGroup(entry: string): void {
  const child = spawn(process.execPath, [...process.execArgv, entry, ...process.argv.slice(2)], {
    env: { ...process.env, [SUPERVISED]: '1' },
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.on('error', (error) => {
    console.error(`siuss-hub could not start its process: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0)));
}
