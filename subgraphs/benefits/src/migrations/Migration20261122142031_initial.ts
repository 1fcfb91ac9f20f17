import { Migration } from '@mikro-orm/migrations';

export class Migration20261122142031 extends Migration {

  override name = 'Migration20261122142031';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "benefits";`);
    this.addSql(`create table "benefits"."beneficiary" ("id" uuid not null, "tax_code" varchar(16) not null, "surname" varchar(36) not null, "name" varchar(36) not null, "birth_year" smallint not null, "birth_place_code" varchar(4) not null, "sex" varchar(1) not null, "citizenship" varchar(3) not null, "second_citizenship" varchar(3) null, "residences" jsonb not null, "updated_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`alter table "benefits"."beneficiary" add constraint "beneficiary_tax_code_unique" unique ("tax_code");`);

    this.addSql(`create table "benefits"."submission" ("id" uuid not null, "channel" text not null, "flow_name" varchar(50) null, "ente_code" varchar(32) not null, "ente_name" varchar(100) null, "ente_seat_code" varchar(4) not null, "operator_tax_code" varchar(16) not null, "received_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`alter table "benefits"."submission" add constraint "submission_channel_check" check ("channel" in ('SINGLE_RECORD', 'FILE_UPLOAD', 'WAAS'));`);

    this.addSql(`create table "benefits"."benefit" ("id" uuid not null, "beneficiary_id" uuid not null, "submission_id" uuid not null, "cancellation_id" uuid null, "corrected_by_id" uuid null, "status" text not null default 'ACTIVE', "ente_code" varchar(32) not null, "means_test" varchar(1) not null, "nature" varchar(1) not null, "dsu_number" varchar(30) null, "dsu_year" smallint null, "dsu_date" date null, "code" varchar(10) not null, "description" varchar(200) not null, "application_protocol" varchar(32) not null, "event_date" date null, "start_date" date null, "end_date" date null, "payment_date" date null, "amount" numeric(12,2) null, "months" smallint null, "monthly_amount" numeric(12,2) null, "ente_quota" numeric(12,2) null, "user_quota" numeric(12,2) null, "ssn_quota" numeric(12,2) null, "requested_quota" numeric(12,2) null, "isee_threshold" numeric(12,2) null, "monthly_service_hours" numeric(12,2) null, "taken_in_charge" boolean not null, "user_area" varchar(1) null, "key_date" date not null, "period_end" date null, "fingerprint" varchar(64) not null, "warnings" jsonb not null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "benefit_beneficiary_listing_idx" on "benefits"."benefit" ("beneficiary_id", "key_date", "id");`);
    this.addSql(`create index "benefit_ente_idx" on "benefits"."benefit" ("ente_code", "key_date");`);
    this.addSql(`alter table "benefits"."benefit" add constraint "benefit_status_check" check ("status" in ('ACTIVE', 'CANCELLED', 'SUPERSEDED'));`);
    // Hand-written: one active record per matching key (ente, beneficiary, code, protocol, date), the
    // key TipoOperazione C cancels by. Cancelled and superseded records stay as history.
    this.addSql(`create unique index "benefit_active_key_unique" on "benefits"."benefit" ("ente_code", "beneficiary_id", "code", "application_protocol", "key_date") where "status" = 'ACTIVE';`);

    this.addSql(`alter table "benefits"."benefit" add constraint "benefit_beneficiary_id_foreign" foreign key ("beneficiary_id") references "benefits"."beneficiary" ("id");`);
    this.addSql(`alter table "benefits"."benefit" add constraint "benefit_submission_id_foreign" foreign key ("submission_id") references "benefits"."submission" ("id");`);
    this.addSql(`alter table "benefits"."benefit" add constraint "benefit_cancellation_id_foreign" foreign key ("cancellation_id") references "benefits"."submission" ("id") on delete set null;`);
  }

}
