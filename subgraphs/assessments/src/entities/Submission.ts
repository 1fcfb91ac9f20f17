import { defineEntity, p } from '@mikro-orm/core';

export const CHANNELS = ['SINGLE_RECORD', 'FILE_UPLOAD', 'WAAS'] as const;
export type Channel = (typeof CHANNELS)[number];

/** How and by whom a record reached the hub (one row per write: record, cancel, correct, close). */
const SubmissionSchema = defineEntity({
  name: 'Submission',
  tableName: 'submission',
  properties: {
    id: p.uuid().primary(),
    channel: p.enum(CHANNELS).columnType('text'),
    flowName: p.string().length(50).nullable(),
    enteCode: p.string().length(32),
    enteName: p.string().length(100).nullable(),
    enteSeatCode: p.string().length(4),
    operatorTaxCode: p.string().length(16),
    receivedAt: p.datetime().defaultRaw('now()'),
  },
});

export class Submission extends SubmissionSchema.class {}
SubmissionSchema.setClass(Submission);
