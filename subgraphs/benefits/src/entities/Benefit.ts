import { defineEntity, p } from '@mikro-orm/core';
import type { Violation } from '@siuss/errors/errors';
import { Beneficiary } from './Beneficiary.ts';
import { Submission } from './Submission.ts';

export const BENEFIT_STATUSES = ['ACTIVE', 'CANCELLED', 'SUPERSEDED'] as const;
export type BenefitStatus = (typeof BENEFIT_STATUSES)[number];

const money = () => p.decimal().precision(12).scale(2).nullable();

const BenefitSchema = defineEntity({
  name: 'Benefit',
  tableName: 'benefit',
  properties: {
    id: p.uuid().primary(),
    beneficiary: () => p.manyToOne(Beneficiary).ref(),
    submission: () => p.manyToOne(Submission).ref(),
    cancellation: () => p.manyToOne(Submission).ref().nullable(),
    correctedById: p.uuid().nullable(),
    status: p.enum(BENEFIT_STATUSES).columnType('text').default('ACTIVE'),
    enteCode: p.string().length(32),
    meansTest: p.string().length(1),
    nature: p.string().length(1),
    dsuNumber: p.string().length(30).nullable(),
    dsuYear: p.smallint().nullable(),
    dsuDate: p.date().nullable(),
    code: p.string().length(10),
    description: p.string().length(200),
    applicationProtocol: p.string().length(32),
    eventDate: p.date().nullable(),
    startDate: p.date().nullable(),
    endDate: p.date().nullable(),
    paymentDate: p.date().nullable(),
    amount: money(),
    months: p.smallint().nullable(),
    monthlyAmount: money(),
    enteQuota: money(),
    userQuota: money(),
    ssnQuota: money(),
    requestedQuota: money(),
    iseeThreshold: money(),
    monthlyServiceHours: money(),
    takenInCharge: p.boolean(),
    userArea: p.string().length(1).nullable(),
    /** Start of the benefit's period: start date, else payment date. Also the date of the matching key. */
    keyDate: p.date(),
    /** End of the period: end date, else payment date; null while a periodic benefit is open. */
    periodEnd: p.date().nullable(),
    /** sha256 of the record's attributes, to recognise an identical re-submission. */
    fingerprint: p.string().length(64),
    warnings: p.json<Violation[]>(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [
    { name: 'benefit_beneficiary_listing_idx', properties: ['beneficiary', 'keyDate', 'id'] },
    { name: 'benefit_ente_idx', properties: ['enteCode', 'keyDate'] },
  ],
});

export class Benefit extends BenefitSchema.class {}
BenefitSchema.setClass(Benefit);
