import { Migration } from '@mikro-orm/migrations';

export class Migration20261201090000 extends Migration {

  override name = 'Migration20261201090000';

  override up(): void | Promise<void> {
    this.addSql(`alter table "flows"."flow" add column "submitted_by" varchar(16) null, add column "submitter_ente" varchar(32) null, add column "submitter_scopes" jsonb null;`);
  }

}
