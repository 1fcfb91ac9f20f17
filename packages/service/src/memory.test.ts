import { getHeapSpaceStatistics } from 'node:v8';
import { describe, expect, it } from '@jest/globals';
import { releaseMemory } from './memory.ts';

const newSpaceBytes = (): number => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;

describe('releaseMemory', () => {
  it('shrinks the young generation a burst of allocation grew', () => {
    let kept: Array<{ n: number; s: string }> = [];
    // Objects that survive a few scavenges make V8 grow the young generation.
    for (let i = 0; i < 2_000_000; i++) {
      kept.push({ n: i, s: `value ${i}` });
      if (kept.length > 200_000) kept = [];
    }
    kept = [];
    const grown = newSpaceBytes();
    releaseMemory();
    expect(newSpaceBytes()).toBeLessThan(grown / 2);
    // Callable again.
    releaseMemory();
  });
});
