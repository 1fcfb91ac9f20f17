import { describe, expect, it } from '@jest/globals';
import { ConfigError } from './env.ts';
import { readStartSettings, readSubgraphSettings } from './subgraph.ts';

describe('subgraph settings', () => {
  it('migrates on start everywhere and seeds demo data in development only, by default', () => {
    expect(readStartSettings({}, { environment: 'development' })).toEqual({ migrateOnStart: true, seedDemo: true });
    expect(readStartSettings({}, { environment: 'production' })).toEqual({ migrateOnStart: true, seedDemo: false });
    expect(readStartSettings({ SIUSS_MIGRATE_ON_START: 'off', SIUSS_SEED_DEMO: 'yes' }, { environment: 'test' })).toEqual({ migrateOnStart: false, seedDemo: true });
  });

  it('reads strict rules upper-cased and the page size within bounds', () => {
    const settings = readSubgraphSettings({ SIUSS_STRICT_RULES: 'r7, all,,SINA-1', SIUSS_MAX_PAGE_SIZE: '50' }, { environment: 'test' });
    expect([...settings.strictRules]).toEqual(['R7', 'ALL', 'SINA-1']);
    expect(settings.maxPageSize).toBe(50);
    expect(readSubgraphSettings({}, { environment: 'test' })).toEqual({ strictRules: new Set(), migrateOnStart: true, seedDemo: false, maxPageSize: 100 });
    expect(() => readSubgraphSettings({ SIUSS_MAX_PAGE_SIZE: '0' }, { environment: 'test' })).toThrow(ConfigError);
  });
});
