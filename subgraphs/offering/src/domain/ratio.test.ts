import { describe, expect, it } from '@jest/globals';
import { socialWorkerRatio } from './ratio.ts';

describe('social workers against the essential level', () => {
  it('computes Roma (2,617,175 residents, 2011) with 585.50 FTE', () => {
    expect(socialWorkerRatio(2617175, 58550n, 600)).toEqual({
      residents: 2617175,
      headCount: 600,
      fte: '585.50',
      residentsPerSocialWorker: '4469.98', // 2617175 / 585.5 = 4469.982...
      lepFte: '523.44', // 523.435 rounded up
      objectiveFte: '654.30', // 654.29375 rounded up
      meetsLep: true,
      meetsObjective: false,
      lepGap: '0.00',
    });
  });

  it('reports the gap when the level is missed', () => {
    const ratio = socialWorkerRatio(1242123, 23100n, 240); // Milano, 231 FTE
    expect(ratio).toMatchObject({ lepFte: '248.43', meetsLep: false, lepGap: '17.43', residentsPerSocialWorker: '5377.16' });
  });

  it('meets the level exactly at one FTE per 5,000 and the objective exactly at one per 4,000', () => {
    expect(socialWorkerRatio(5000, 100n, 1)).toMatchObject({ meetsLep: true, meetsObjective: false, lepFte: '1.00', objectiveFte: '1.25' });
    expect(socialWorkerRatio(5001, 100n, 1)).toMatchObject({ meetsLep: false, lepFte: '1.01', lepGap: '0.01' });
    expect(socialWorkerRatio(4000, 100n, 1)).toMatchObject({ meetsLep: true, meetsObjective: true });
  });

  it('has no residents-per-worker figure without social workers', () => {
    expect(socialWorkerRatio(6185, 0n, 0)).toMatchObject({ fte: '0.00', residentsPerSocialWorker: null, meetsLep: false, lepFte: '1.24', lepGap: '1.24' });
    expect(socialWorkerRatio(0, 0n, 0)).toMatchObject({ meetsLep: true, lepGap: '0.00' });
  });
});
