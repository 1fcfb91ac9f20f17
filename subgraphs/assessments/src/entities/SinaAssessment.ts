import { defineEntity, p } from '@mikro-orm/core';
import type { Violation } from '@siuss/errors/errors';
import { Submission } from './Submission.ts';

export const SINA_STATUSES = ['ACTIVE', 'CANCELLED', 'SUPERSEDED'] as const;
export type SinaStatus = (typeof SINA_STATUSES)[number];

const code = () => p.string().length(2);

/** A SINA assessment; coded attributes hold the XSD codes, named as the GraphQL fields. */
const SinaAssessmentSchema = defineEntity({
  name: 'SinaAssessment',
  tableName: 'sina_assessment',
  properties: {
    id: p.uuid().primary(),
    taxCode: p.string().length(16),
    enteCode: p.string().length(32),
    /** Hub id of the benefit (benefits subgraph); no foreign key across subgraphs. */
    benefitId: p.uuid(),
    assessmentDate: p.date(),
    mobility: code(),
    dailyLiving: code(),
    cognitiveDisorders: code().nullable(),
    behaviouralDisorders: code(),
    healthCareNeed: code().nullable(),
    incomeArea: code(),
    supportArea: code(),
    assessmentSource: code(),
    assessmentInstrument: code(),
    invaliditySource: code().nullable(),
    civilInvalidity: p.json<string[]>(),
    neededBenefitCodes: p.json<string[]>(),
    status: p.enum(SINA_STATUSES).columnType('text').default('ACTIVE'),
    submission: () => p.manyToOne(Submission).ref(),
    cancellation: () => p.manyToOne(Submission).ref().nullable(),
    correctedById: p.uuid().nullable(),
    /** sha256 of the record's attributes, to recognise an identical re-submission. */
    fingerprint: p.string().length(64),
    warnings: p.json<Violation[]>(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [
    { name: 'sina_assessment_person_idx', properties: ['taxCode', 'assessmentDate'] },
  ],
});

export class SinaAssessment extends SinaAssessmentSchema.class {}
SinaAssessmentSchema.setClass(SinaAssessment);
