import { defineEntity, p } from '@mikro-orm/core';

/**
 * The received file, gzip-compressed in ordered chunks, so any ingest worker on any machine can
 * read it, and a job resumed after a restart reads exactly what was received.
 */
const FlowChunkSchema = defineEntity({
  name: 'FlowChunk',
  tableName: 'flow_chunk',
  properties: {
    flowId: p.uuid().primary(),
    seq: p.integer().primary(),
    data: p.blob(),
  },
});

export class FlowChunk extends FlowChunkSchema.class {}
FlowChunkSchema.setClass(FlowChunk);
