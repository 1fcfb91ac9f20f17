import { DSU_PROTOCOL, type IseeAttestation } from '../registry/isee.ts';

export type IseeProblem = 'MISSING_DSU' | 'UNKNOWN_DSU' | 'NOT_VALID_ON_BENEFIT_DATE' | 'DSU_DATE_MISMATCH';
export type IseeCheckStatus = 'CONSISTENT' | 'INCONSISTENT' | 'NOT_APPLICABLE';

/** The benefit fields the check needs, as the benefits subgraph serves them (the `@requires` selection). */
export interface BenefitIseeData {
  id: string;
  person: { taxCode: string };
  meansTest: string;
  dsu: { number: string; year: number; date: string } | null;
  startDate: string | null;
  paymentDate: string | null;
  eventDate: string | null;
}

export interface IseeCheck {
  status: IseeCheckStatus;
  checkedDate: string | null;
  problems: Array<{ problem: IseeProblem; detail: string }>;
  attestation: IseeAttestation | null;
}

/** The date the attestation must cover: the start of a periodic benefit, else its payment, else its event date. */
export function benefitDate(benefit: Pick<BenefitIseeData, 'startDate' | 'paymentDate' | 'eventDate'>): string | null {
  return benefit.startDate ?? benefit.paymentDate ?? benefit.eventDate ?? null;
}

/** True when the benefit's DSU is worth asking the registry about (one in another format cannot be there). */
export function hasLookupableDsu(benefit: Pick<BenefitIseeData, 'dsu'>): boolean {
  return benefit.dsu !== null && DSU_PROTOCOL.test(benefit.dsu.number);
}

/**
 * Checks a benefit's ISEE data against what the ISEE registry holds for its DSU (`attestation`,
 * null when the registry does not know the protocol for the beneficiary's household). Only
 * benefits means-tested by ISEE (PresenzaProvaMezzi BX202 = 1) are checked: the DSU must be given,
 * known, valid on the benefit date, and presented on the DataDSU the ente sent.
 */
export function checkBenefitIsee(benefit: BenefitIseeData, attestation: IseeAttestation | null): IseeCheck {
  const checkedDate = benefitDate(benefit);
  if (benefit.meansTest !== 'ISEE') return { status: 'NOT_APPLICABLE', checkedDate, problems: [], attestation };
  const problems: IseeCheck['problems'] = [];
  if (!benefit.dsu) {
    problems.push({ problem: 'MISSING_DSU', detail: 'The benefit is means-tested by ISEE (PresenzaProvaMezzi 1) but carries no DSU protocol.' });
  } else if (!attestation) {
    problems.push({
      problem: 'UNKNOWN_DSU',
      detail: DSU_PROTOCOL.test(benefit.dsu.number)
        ? 'The ISEE registry knows no DSU with this protocol for the beneficiary\'s household.'
        : 'The DSU protocol is not in the INPS format INPS-ISEE-YYYY-NNNNNNNNX-NN, so the ISEE registry cannot know it.',
    });
  } else {
    if (checkedDate && (checkedDate < attestation.presentationDate || checkedDate > attestation.validUntil)) {
      problems.push({
        problem: 'NOT_VALID_ON_BENEFIT_DATE',
        detail: `The attestation is valid from ${attestation.presentationDate} to ${attestation.validUntil}; the benefit date is ${checkedDate}.`,
      });
    }
    if (benefit.dsu.date !== attestation.presentationDate) {
      problems.push({
        problem: 'DSU_DATE_MISMATCH',
        detail: `DataDSU is ${benefit.dsu.date}; the ISEE registry has the DSU presented on ${attestation.presentationDate}.`,
      });
    }
  }
  return { status: problems.length === 0 ? 'CONSISTENT' : 'INCONSISTENT', checkedDate, problems, attestation };
}
