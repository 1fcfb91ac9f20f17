import { defineEntity, p } from '@mikro-orm/core';
import type { Violation } from '@siuss/errors/errors';
import { Submission } from './Submission.ts';

export const SINBA_RECORD_STATUSES = ['ACTIVE', 'SUPERSEDED'] as const;
export type SinbaRecordStatus = (typeof SINBA_RECORD_STATUSES)[number];

const code = () => p.string().length(2);
const monthYear = () => p.string().length(7);

/**
 * One version of a SINBA case: a minor, known only by the ente's pseudonym, in one reporting year.
 * There is deliberately no codice fiscale, name or link to a person here. Coded attributes hold the
 * XSD codes, named as the GraphQL fields; corrections and closings add a version and supersede the
 * previous one.
 */
const SinbaCaseSchema = defineEntity({
  name: 'SinbaCase',
  tableName: 'sinba_case',
  properties: {
    id: p.uuid().primary(),
    enteCode: p.string().length(32),
    beneficiaryCode: p.string().length(20),
    reportingYear: p.smallint(),
    unaccompaniedForeignMinor: code(),
    orphanhood: code(),
    livingPlace: code(),
    school: code(),
    workCondition: code(),
    disability: code(),
    disabilityType: code().nullable(),
    disabilityCertification: code().nullable(),
    fatherCitizenship: p.string().length(3).nullable(),
    motherCitizenship: p.string().length(3).nullable(),
    fatherRegionCode: p.string().length(2).nullable(),
    motherRegionCode: p.string().length(2).nullable(),
    fatherEducation: code().nullable(),
    motherEducation: code().nullable(),
    fatherOccupation: code().nullable(),
    motherOccupation: code().nullable(),
    firstReferralMonth: monthYear(),
    referralSource: code(),
    minorAssessment: code(),
    familyAssessment: code(),
    judicialAuthorityNotified: code(),
    judicialReportMonth: monthYear().nullable(),
    judicialMeasure: code(),
    judicialMeasureMonth: monthYear().nullable(),
    measureAuthority: code().nullable(),
    parentalAuthority: code().nullable(),
    measureType: code().nullable(),
    fosterForm: code().nullable(),
    fosterType: code().nullable(),
    fosterDuration: code().nullable(),
    fosterNature: code().nullable(),
    fosterOutcome: code().nullable(),
    placementNature: code().nullable(),
    placementForm: code().nullable(),
    placementType: code().nullable(),
    placementOutcome: code().nullable(),
    closingReason: code().nullable(),
    closingSituation: code().nullable(),
    collaboration: code().nullable(),
    iseeHouseholdSize: p.smallint().nullable(),
    ageBand: code(),
    iseeBand: code().nullable(),
    birthYear: p.smallint(),
    residenceRegionCode: p.string().length(2).nullable(),
    residenceNationCode: p.string().length(3),
    benefitCodes: p.json<string[]>(),
    familyComposition: p.json<string[]>(),
    recordStatus: p.enum(SINBA_RECORD_STATUSES).columnType('text').default('ACTIVE'),
    submission: () => p.manyToOne(Submission).ref(),
    correctedById: p.uuid().nullable(),
    /** sha256 of the record's attributes, to recognise an identical re-submission. */
    fingerprint: p.string().length(64),
    warnings: p.json<Violation[]>(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [
    { name: 'sinba_case_ente_listing_idx', properties: ['enteCode', 'reportingYear', 'beneficiaryCode'] },
  ],
});

export class SinbaCase extends SinbaCaseSchema.class {}
SinbaCaseSchema.setClass(SinbaCase);
