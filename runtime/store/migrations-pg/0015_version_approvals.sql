CREATE TABLE "installation_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" json NOT NULL,
	"updated_at" bigint NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "version_approvals" (
	"flow_id" text NOT NULL,
	"version" bigint NOT NULL,
	"decision" text NOT NULL,
	"by_id" text NOT NULL,
	"by_name" text NOT NULL,
	"at" bigint NOT NULL,
	"reason" text,
	CONSTRAINT "version_approvals_flow_id_version_pk" PRIMARY KEY("flow_id","version")
);
--> statement-breakpoint
ALTER TABLE "version_approvals" ADD CONSTRAINT "version_approvals_flow_id_flows_id_fk" FOREIGN KEY ("flow_id") REFERENCES "public"."flows"("id") ON DELETE cascade ON UPDATE no action;