import { Migration } from '@mikro-orm/migrations';

export class Migration20261122145616 extends Migration {

  override name = 'Migration20261122145616';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "assessments";`);
    this.addSql(`create table "assessments"."submission" ("id" uuid not null, "channel" text not null, "flow_name" varchar(50) null, "ente_code" varchar(32) not null, "ente_name" varchar(100) null, "ente_seat_code" varchar(4) not null, "operator_tax_code" varchar(16) not null, "received_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`alter table "assessments"."submission" add constraint "submission_channel_check" check ("channel" in ('SINGLE_RECORD', 'FILE_UPLOAD', 'WAAS'));`);

    this.addSql(`create table "assessments"."sinba_case" ("id" uuid not null, "ente_code" varchar(32) not null, "beneficiary_code" varchar(20) not null, "reporting_year" smallint not null, "unaccompanied_foreign_minor" varchar(2) not null, "orphanhood" varchar(2) not null, "living_place" varchar(2) not null, "school" varchar(2) not null, "work_condition" varchar(2) not null, "disability" varchar(2) not null, "disability_type" varchar(2) null, "disability_certification" varchar(2) null, "father_citizenship" varchar(3) null, "mother_citizenship" varchar(3) null, "father_region_code" varchar(2) null, "mother_region_code" varchar(2) null, "father_education" varchar(2) null, "mother_education" varchar(2) null, "father_occupation" varchar(2) null, "mother_occupation" varchar(2) null, "first_referral_month" varchar(7) not null, "referral_source" varchar(2) not null, "minor_assessment" varchar(2) not null, "family_assessment" varchar(2) not null, "judicial_authority_notified" varchar(2) not null, "judicial_report_month" varchar(7) null, "judicial_measure" varchar(2) not null, "judicial_measure_month" varchar(7) null, "measure_authority" varchar(2) null, "parental_authority" varchar(2) null, "measure_type" varchar(2) null, "foster_form" varchar(2) null, "foster_type" varchar(2) null, "foster_duration" varchar(2) null, "foster_nature" varchar(2) null, "foster_outcome" varchar(2) null, "placement_nature" varchar(2) null, "placement_form" varchar(2) null, "placement_type" varchar(2) null, "placement_outcome" varchar(2) null, "closing_reason" varchar(2) null, "closing_situation" varchar(2) null, "collaboration" varchar(2) null, "isee_household_size" smallint null, "age_band" varchar(2) not null, "isee_band" varchar(2) null, "birth_year" smallint not null, "residence_region_code" varchar(2) null, "residence_nation_code" varchar(3) not null, "benefit_codes" jsonb not null, "family_composition" jsonb not null, "record_status" text not null default 'ACTIVE', "submission_id" uuid not null, "corrected_by_id" uuid null, "fingerprint" varchar(64) not null, "warnings" jsonb not null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "sinba_case_ente_listing_idx" on "assessments"."sinba_case" ("ente_code", "reporting_year", "beneficiary_code");`);
    this.addSql(`alter table "assessments"."sinba_case" add constraint "sinba_case_record_status_check" check ("record_status" in ('ACTIVE', 'SUPERSEDED'));`);
    // Hand-written: one current version per case, i.e. per (ente, pseudonym, reporting year).
    this.addSql(`create unique index "sinba_case_active_key_unique" on "assessments"."sinba_case" ("ente_code", "beneficiary_code", "reporting_year") where "record_status" = 'ACTIVE';`);

    this.addSql(`create table "assessments"."sina_assessment" ("id" uuid not null, "tax_code" varchar(16) not null, "ente_code" varchar(32) not null, "benefit_id" uuid not null, "assessment_date" date not null, "mobility" varchar(2) not null, "daily_living" varchar(2) not null, "cognitive_disorders" varchar(2) null, "behavioural_disorders" varchar(2) not null, "health_care_need" varchar(2) null, "income_area" varchar(2) not null, "support_area" varchar(2) not null, "assessment_source" varchar(2) not null, "assessment_instrument" varchar(2) not null, "invalidity_source" varchar(2) null, "civil_invalidity" jsonb not null, "needed_benefit_codes" jsonb not null, "status" text not null default 'ACTIVE', "submission_id" uuid not null, "cancellation_id" uuid null, "corrected_by_id" uuid null, "fingerprint" varchar(64) not null, "warnings" jsonb not null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "sina_assessment_person_idx" on "assessments"."sina_assessment" ("tax_code", "assessment_date");`);
    this.addSql(`alter table "assessments"."sina_assessment" add constraint "sina_assessment_status_check" check ("status" in ('ACTIVE', 'CANCELLED', 'SUPERSEDED'));`);
    // Hand-written: a benefit (PrestazioniSociali) carries at most one SINA; cancelled and superseded ones stay as history.
    this.addSql(`create unique index "sina_assessment_active_benefit_unique" on "assessments"."sina_assessment" ("benefit_id") where "status" = 'ACTIVE';`);

    this.addSql(`alter table "assessments"."sinba_case" add constraint "sinba_case_submission_id_foreign" foreign key ("submission_id") references "assessments"."submission" ("id");`);

    this.addSql(`alter table "assessments"."sina_assessment" add constraint "sina_assessment_submission_id_foreign" foreign key ("submission_id") references "assessments"."submission" ("id");`);
    this.addSql(`alter table "assessments"."sina_assessment" add constraint "sina_assessment_cancellation_id_foreign" foreign key ("cancellation_id") references "assessments"."submission" ("id") on delete set null;`);
  }

}
