import { Migration } from '@mikro-orm/migrations';

export class Migration20261122145410 extends Migration {

  override name = 'Migration20261122145410';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "offering";`);
    this.addSql(`create table "offering"."change_log" ("id" serial primary key, "ambito_code" varchar(20) not null, "declaration_id" uuid null, "operation" text not null, "entity" text not null, "entity_id" varchar(64) not null, "before" jsonb null, "after" jsonb null, "actor_tax_code" varchar(16) null, "actor_ente_code" varchar(32) null, "actor_roles" jsonb not null, "at" timestamptz not null);`);
    this.addSql(`create index "change_log_declaration_idx" on "offering"."change_log" ("declaration_id", "id");`);
    this.addSql(`create index "change_log_ambito_idx" on "offering"."change_log" ("ambito_code", "id");`);
    this.addSql(`alter table "offering"."change_log" add constraint "change_log_operation_check" check ("operation" in ('REGISTER_AMBITO', 'UPDATE_AMBITO', 'REGISTER_BODY', 'SET_GOVERNANCE', 'ADD_AGREEMENT', 'REMOVE_AGREEMENT', 'OPEN_DECLARATION', 'ADD_SERVICE', 'UPDATE_SERVICE', 'REMOVE_SERVICE', 'ADD_PROFESSIONAL', 'UPDATE_PROFESSIONAL', 'REMOVE_PROFESSIONAL', 'SET_FUND_MODULE', 'REMOVE_FUND_MODULE', 'FINALISE', 'REOPEN'));`);
    this.addSql(`alter table "offering"."change_log" add constraint "change_log_entity_check" check ("entity" in ('AMBITO', 'IMPLEMENTING_BODY', 'AGREEMENT', 'DECLARATION', 'SERVICE', 'PROFESSIONAL', 'FUND_MODULE'));`);

    this.addSql(`create table "offering"."implementing_body" ("id" uuid not null, "code" varchar(32) not null, "name" varchar(200) not null, "kind" text not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "offering"."implementing_body" add constraint "implementing_body_code_unique" unique ("code");`);
    this.addSql(`alter table "offering"."implementing_body" add constraint "implementing_body_kind_check" check ("kind" in ('COMUNE', 'UNION_OF_COMUNI', 'MOUNTAIN_COMMUNITY', 'CONSORTIUM', 'SPECIAL_CONSORTIUM_COMPANY', 'HEALTH_AUTHORITY', 'PUBLIC_CARE_COMPANY', 'OTHER'));`);

    this.addSql(`create table "offering"."ambito" ("code" varchar(20) not null, "name" varchar(200) not null, "region_code" varchar(2) not null, "management_form" text null, "lead_body_id" uuid null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("code"));`);
    this.addSql(`create index "ambito_region_idx" on "offering"."ambito" ("region_code");`);
    this.addSql(`alter table "offering"."ambito" add constraint "ambito_management_form_check" check ("management_form" in ('SINGLE', 'ASSOCIATED_ALL', 'ASSOCIATED_SOME'));`);

    this.addSql(`create table "offering"."declaration" ("id" uuid not null, "ambito_code" varchar(20) not null, "year" smallint not null, "status" text not null, "late" boolean not null default false, "finalised_at" timestamptz null, "finalised_by" jsonb null, "reopened_at" timestamptz null, "reopened_by" jsonb null, "reopen_reason" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "offering"."declaration" add constraint "declaration_ambito_year_unique" unique ("ambito_code", "year");`);
    this.addSql(`alter table "offering"."declaration" add constraint "declaration_status_check" check ("status" in ('DRAFT', 'FINALISED'));`);

    this.addSql(`create table "offering"."fund_module" ("id" uuid not null, "declaration_id" uuid not null, "fund" text not null, "amounts" jsonb not null, "beneficiaries" jsonb not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "offering"."fund_module" add constraint "fund_module_fund_unique" unique ("declaration_id", "fund");`);
    this.addSql(`alter table "offering"."fund_module" add constraint "fund_module_fund_check" check ("fund" in ('FNA', 'FNPS', 'DOPO_DI_NOI'));`);

    this.addSql(`create table "offering"."declared_service" ("id" uuid not null, "declaration_id" uuid not null, "catalogue_code" varchar(10) not null, "managing_body_id" uuid not null, "target_users" jsonb not null, "capacity" int null, "users_served" int null, "spending" numeric(12,2) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "offering"."declared_service" add constraint "declared_service_item_unique" unique ("declaration_id", "catalogue_code");`);

    this.addSql(`create table "offering"."declared_professional" ("id" uuid not null, "declaration_id" uuid not null, "profession" text not null, "head_count" int not null, "fte" numeric(8,2) not null, "employer_kind" text not null, "employer_body_id" uuid null, "contract_type" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "declared_professional_declaration_idx" on "offering"."declared_professional" ("declaration_id");`);
    this.addSql(`alter table "offering"."declared_professional" add constraint "declared_professional_profession_check" check ("profession" in ('SOCIAL_WORKER', 'PROFESSIONAL_EDUCATOR', 'PSYCHOLOGIST', 'SOCIOLOGIST', 'SOCIAL_HEALTH_OPERATOR', 'HOME_CARE_ASSISTANT', 'CULTURAL_MEDIATOR', 'ADMINISTRATIVE', 'OTHER'));`);
    this.addSql(`alter table "offering"."declared_professional" add constraint "declared_professional_employer_kind_check" check ("employer_kind" in ('COMUNE', 'AMBITO_BODY', 'HEALTH_AUTHORITY', 'THIRD_SECTOR', 'OTHER'));`);
    this.addSql(`alter table "offering"."declared_professional" add constraint "declared_professional_contract_type_check" check ("contract_type" in ('PERMANENT', 'FIXED_TERM', 'SELF_EMPLOYED', 'AGENCY', 'OUTSOURCED', 'OTHER'));`);

    this.addSql(`create table "offering"."ambito_comune" ("istat_code" varchar(6) not null, "belfiore_code" varchar(4) not null, "ambito_code" varchar(20) not null, primary key ("istat_code"));`);
    this.addSql(`create index "ambito_comune_ambito_idx" on "offering"."ambito_comune" ("ambito_code");`);

    this.addSql(`create table "offering"."ambito_body" ("id" uuid not null, "ambito_code" varchar(20) not null, "body_id" uuid not null, primary key ("id"));`);
    this.addSql(`alter table "offering"."ambito_body" add constraint "ambito_body_unique" unique ("ambito_code", "body_id");`);

    this.addSql(`create table "offering"."agreement" ("id" uuid not null, "ambito_code" varchar(20) not null, "kind" text not null, "title" varchar(300) not null, "signed_on" date null, "valid_to" date null, "party_body_ids" jsonb not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "agreement_ambito_idx" on "offering"."agreement" ("ambito_code");`);
    this.addSql(`alter table "offering"."agreement" add constraint "agreement_kind_check" check ("kind" in ('ASSOCIATIVE_CONVENTION', 'PROGRAMME_AGREEMENT', 'OTHER'));`);

    this.addSql(`alter table "offering"."ambito" add constraint "ambito_lead_body_id_foreign" foreign key ("lead_body_id") references "offering"."implementing_body" ("id") on delete set null;`);

    this.addSql(`alter table "offering"."declaration" add constraint "declaration_ambito_code_foreign" foreign key ("ambito_code") references "offering"."ambito" ("code");`);

    this.addSql(`alter table "offering"."fund_module" add constraint "fund_module_declaration_id_foreign" foreign key ("declaration_id") references "offering"."declaration" ("id");`);

    this.addSql(`alter table "offering"."declared_service" add constraint "declared_service_declaration_id_foreign" foreign key ("declaration_id") references "offering"."declaration" ("id");`);
    this.addSql(`alter table "offering"."declared_service" add constraint "declared_service_managing_body_id_foreign" foreign key ("managing_body_id") references "offering"."implementing_body" ("id");`);

    this.addSql(`alter table "offering"."declared_professional" add constraint "declared_professional_declaration_id_foreign" foreign key ("declaration_id") references "offering"."declaration" ("id");`);
    this.addSql(`alter table "offering"."declared_professional" add constraint "declared_professional_employer_body_id_foreign" foreign key ("employer_body_id") references "offering"."implementing_body" ("id") on delete set null;`);

    this.addSql(`alter table "offering"."ambito_comune" add constraint "ambito_comune_ambito_code_foreign" foreign key ("ambito_code") references "offering"."ambito" ("code");`);

    this.addSql(`alter table "offering"."ambito_body" add constraint "ambito_body_ambito_code_foreign" foreign key ("ambito_code") references "offering"."ambito" ("code");`);
    this.addSql(`alter table "offering"."ambito_body" add constraint "ambito_body_body_id_foreign" foreign key ("body_id") references "offering"."implementing_body" ("id");`);

    this.addSql(`alter table "offering"."agreement" add constraint "agreement_ambito_code_foreign" foreign key ("ambito_code") references "offering"."ambito" ("code");`);

    // Hand-written: the rules validation enforces, kept by the database as well, so no write path
    // (a script, a later bug) can store a negative count or more FTE than people.
    this.addSql(`alter table "offering"."declaration" add constraint "declaration_year_check" check ("year" between 2000 and 2100);`);
    this.addSql(`alter table "offering"."declared_service" add constraint "declared_service_counts_check" check (coalesce("capacity", 0) >= 0 and coalesce("users_served", 0) >= 0 and coalesce("spending", 0) >= 0);`);
    this.addSql(`alter table "offering"."declared_professional" add constraint "declared_professional_counts_check" check ("head_count" >= 0 and "fte" >= 0 and "fte" <= "head_count");`);
    // Hand-written: the change log is append-only; corrections are new entries, never edits.
    this.addSql(`create function "offering"."change_log_append_only"() returns trigger language plpgsql as $$ begin raise exception 'offering.change_log is append-only'; end $$;`);
    this.addSql(`create trigger "change_log_no_update_delete" before update or delete on "offering"."change_log" for each row execute function "offering"."change_log_append_only"();`);
  }

}
