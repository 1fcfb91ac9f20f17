import { formatCents } from '@siuss/scalars/money';

/** Essential level (LEP): one social worker (FTE) per 5,000 residents. */
export const LEP_RESIDENTS_PER_SOCIAL_WORKER = 5000;
/** Service objective: one social worker (FTE) per 4,000 residents. */
export const OBJECTIVE_RESIDENTS_PER_SOCIAL_WORKER = 4000;

export interface SocialWorkerRatio {
  residents: number;
  headCount: number;
  fte: string;
  residentsPerSocialWorker: string | null;
  lepFte: string;
  objectiveFte: string;
  meetsLep: boolean;
  meetsObjective: boolean;
  lepGap: string;
}

const ceilDiv = (numerator: bigint, denominator: bigint): bigint => (numerator + denominator - 1n) / denominator;
const roundDiv = (numerator: bigint, denominator: bigint): bigint => (2n * numerator + denominator) / (2n * denominator);

/**
 * Social workers against the essential level and the objective, in exact integer arithmetic on
 * hundredths (FTE are stored with two decimals). The FTE required are rounded UP to the hundredth,
 * so `meetsLep` is exactly `fte >= lepFte` and `lepGap` is never 0 while the level is missed.
 * Residents per social worker are rounded half up. Inputs are non-negative.
 */
export function socialWorkerRatio(residents: number, fteHundredths: bigint, headCount: number): SocialWorkerRatio {
  const people = BigInt(residents) * 100n;
  const lep = ceilDiv(people, BigInt(LEP_RESIDENTS_PER_SOCIAL_WORKER));
  const objective = ceilDiv(people, BigInt(OBJECTIVE_RESIDENTS_PER_SOCIAL_WORKER));
  return {
    residents,
    headCount,
    fte: formatCents(fteHundredths),
    residentsPerSocialWorker: fteHundredths > 0n ? formatCents(roundDiv(people * 100n, fteHundredths)) : null,
    lepFte: formatCents(lep),
    objectiveFte: formatCents(objective),
    meetsLep: fteHundredths >= lep,
    meetsObjective: fteHundredths >= objective,
    lepGap: formatCents(fteHundredths >= lep ? 0n : lep - fteHundredths),
  };
}
