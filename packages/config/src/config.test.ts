import { describe, expect, it } from '@jest/globals';
import { loadHubConfig } from './config.ts';
import { ConfigError, readBool, readInt, readList } from './env.ts';

describe('hub config', () => {
  it('works with no settings at all', () => {
    const config = loadHubConfig({});
    expect(config.environment).toBe('development');
    expect(config.database.url).toBeUndefined();
    expect(config.database.dataDir.endsWith('/.data/postgres')).toBe(true);
    expect(config.gateway.port).toBe(4000);
    expect(config.subgraphs.benefits.url).toBe('http://127.0.0.1:4001/graphql');
    expect(config.registries.isee.url).toBe('http://127.0.0.1:4101');
    expect(config.registries.waas).toEqual({ port: 4103, url: 'http://127.0.0.1:4103/waas/v1' });
  });

  it('follows the environment', () => {
    const config = loadHubConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://x@db/siuss', SIUSS_BENEFITS_PORT: '5001', SIUSS_DATA_DIR: '/srv/siuss' });
    expect(config.logLevel).toBe('silent');
    expect(config.database.url).toBe('postgres://x@db/siuss');
    expect(config.database.dataDir).toBe('/srv/siuss/postgres');
    expect(config.subgraphs.benefits.url).toBe('http://127.0.0.1:5001/graphql');
    expect(loadHubConfig({ SIUSS_WAAS_PORT: '5103' }).registries.waas.url).toBe('http://127.0.0.1:5103/waas/v1');
    expect(loadHubConfig({ SIUSS_WAAS_URL: 'https://comune.example/waas/v1' }).registries.waas.url).toBe('https://comune.example/waas/v1');
  });

  it('names the variable and what it accepts when a value is unusable', () => {
    expect(() => loadHubConfig({ SIUSS_GATEWAY_PORT: 'eighty' })).toThrow(new ConfigError('SIUSS_GATEWAY_PORT=eighty is not an integer between 0 and 65535.'));
    expect(() => loadHubConfig({ NODE_ENV: 'staging' })).toThrow(/NODE_ENV=staging is not one of development, test, production/);
    expect(() => readBool({ X: 'maybe' }, 'X', false)).toThrow(/X=maybe is not a boolean/);
  });

  it('parses booleans, integers and lists', () => {
    expect(readBool({ X: 'off' }, 'X', true)).toBe(false);
    expect(readInt({ X: ' 12 ' }, 'X', 0)).toBe(12);
    expect(readList({ X: 'R5, R7,,' }, 'X', [])).toEqual(['R5', 'R7']);
    expect(readList({}, 'X', ['A'])).toEqual(['A']);
  });
});
