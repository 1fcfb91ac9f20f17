import { Migration } from '@mikro-orm/migrations';

export class Migration20261201074824 extends Migration {

  override name = 'Migration20261201074824';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "flows";`);
    this.addSql(`create table "flows"."flow" ("id" uuid not null, "name" varchar(50) null, "ente_code" varchar(32) null, "kind" text null, "format" text not null, "channel" text not null, "state" text not null default 'RECEIVED', "content_hash" varchar(64) not null, "size_bytes" bigint not null, "envelope" jsonb null, "total_records" int null, "processed_records" int not null default 0, "ok_count" int not null default 0, "invalid_count" int not null default 0, "not_found_count" int not null default 0, "error_count" int not null default 0, "warning_count" int not null default 0, "failure_code" varchar(40) null, "failure_message" text null, "attempts" int not null default 0, "waas_flow_id" varchar(64) null, "waas_type" varchar(20) null, "waas_timestamp" timestamptz null, "waas_esiti_delivered_at" timestamptz null, "waas_esiti_attempts" int not null default 0, "received_at" timestamptz not null default now(), "started_at" timestamptz null, "finished_at" timestamptz null, "updated_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "flow_ente_received_idx" on "flows"."flow" ("ente_code", "received_at");`);
    this.addSql(`create index "flow_name_idx" on "flows"."flow" ("ente_code", "name");`);
    this.addSql(`alter table "flows"."flow" add constraint "flow_waas_unique" unique ("ente_code", "waas_flow_id");`);
    this.addSql(`alter table "flows"."flow" add constraint "flow_kind_check" check ("kind" in ('PS', 'SINBA'));`);
    this.addSql(`alter table "flows"."flow" add constraint "flow_format_check" check ("format" in ('XML', 'CSV'));`);
    this.addSql(`alter table "flows"."flow" add constraint "flow_channel_check" check ("channel" in ('FILE_UPLOAD', 'WAAS'));`);
    this.addSql(`alter table "flows"."flow" add constraint "flow_state_check" check ("state" in ('RECEIVED', 'VALIDATING', 'STORING', 'DONE', 'FAILED'));`);

    this.addSql(`create table "flows"."flow_chunk" ("flow_id" uuid not null, "seq" int not null, "data" bytea not null, primary key ("flow_id", "seq"));`);

    this.addSql(`create table "flows"."flow_record" ("flow_id" uuid not null, "record_index" int not null, "line" int null, "operation" varchar(1) not null, "esito" text not null, "acquisition_id" uuid null, "sina_assessment_id" uuid null, "description" text not null, "violations" jsonb not null, primary key ("flow_id", "record_index"));`);
    this.addSql(`create index "flow_record_esito_idx" on "flows"."flow_record" ("flow_id", "esito", "record_index");`);
    this.addSql(`alter table "flows"."flow_record" add constraint "flow_record_esito_check" check ("esito" in ('OK', 'RICHIESTA_INVALIDA', 'DATI_NON_TROVATI', 'ERRORE_GENERICO'));`);

    this.addSql(`create table "flows"."waas_ente" ("ente_code" varchar(4) not null, "base_url" varchar(500) not null, "enabled" boolean not null default true, "watermark" bigint not null default '0', "last_poll_at" timestamptz null, "last_error" text null, "failures" int not null default 0, "created_at" timestamptz not null default now(), primary key ("ente_code"));`);
  }

}
