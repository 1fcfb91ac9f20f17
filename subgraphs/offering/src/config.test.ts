import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@siuss/config/env';
import { loadConfig, parseDeadline } from './config.ts';
import { deadlineOf, isLate } from './domain/deadline.ts';

describe('offering configuration and deadlines', () => {
  it('defaults the deadline to 31 May of the following year', () => {
    const config = loadConfig({});
    expect(config.deadline).toEqual({ month: 5, day: 31 });
    expect(config.schema).toBe('offering');
    expect(config.port).toBe(4003);
    expect(deadlineOf(2025, config.deadline)).toBe('2026-05-31');
  });

  it('reads SIUSS_SIOSS_DEADLINE and refuses a day that does not exist', () => {
    expect(loadConfig({ SIUSS_SIOSS_DEADLINE: '06-30' }).deadline).toEqual({ month: 6, day: 30 });
    expect(() => parseDeadline('02-30')).toThrow(ConfigError);
    expect(() => parseDeadline('5-31')).toThrow(/MM-DD/);
    expect(() => parseDeadline('13-01')).toThrow(ConfigError);
  });

  it('moves a 29 February deadline to the 28th in common years', () => {
    const leapDay = parseDeadline('02-29');
    expect(deadlineOf(2023, leapDay)).toBe('2024-02-29');
    expect(deadlineOf(2024, leapDay)).toBe('2025-02-28');
  });

  it('counts lateness in Italian days', () => {
    const deadline = { month: 5, day: 31 };
    expect(isLate(2025, deadline, new Date('2026-05-31T21:59:00Z'))).toBe(false); // 23:59 in Rome
    expect(isLate(2025, deadline, new Date('2026-05-31T22:30:00Z'))).toBe(true); // 00:30 on 1 June in Rome
  });
});
