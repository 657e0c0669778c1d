CREATE TABLE "lookup_entries" (
	"table_name" text NOT NULL,
	"key" text NOT NULL,
	"value" json NOT NULL,
	CONSTRAINT "lookup_entries_table_name_key_pk" PRIMARY KEY("table_name","key")
);
--> statement-breakpoint
CREATE TABLE "lookup_tables" (
	"name" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
ALTER TABLE "lookup_entries" ADD CONSTRAINT "lookup_entries_table_name_lookup_tables_name_fk" FOREIGN KEY ("table_name") REFERENCES "public"."lookup_tables"("name") ON DELETE cascade ON UPDATE no action;