CREATE TABLE "connection_specs" (
	"connection_id" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"hash" text,
	"document" json,
	"operations" json,
	"source" text,
	"paging" json,
	"updated_at" bigint NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
ALTER TABLE "flow_versions" ADD COLUMN "spec_versions" json;--> statement-breakpoint
ALTER TABLE "connection_specs" ADD CONSTRAINT "connection_specs_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;