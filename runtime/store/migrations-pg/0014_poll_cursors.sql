CREATE TABLE "poll_cursors" (
	"flow_id" text NOT NULL,
	"node_id" text NOT NULL,
	"cursor" text NOT NULL,
	"revision" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"updated_by" text,
	CONSTRAINT "poll_cursors_flow_id_node_id_pk" PRIMARY KEY("flow_id","node_id")
);
--> statement-breakpoint
ALTER TABLE "poll_cursors" ADD CONSTRAINT "poll_cursors_flow_id_flows_id_fk" FOREIGN KEY ("flow_id") REFERENCES "public"."flows"("id") ON DELETE cascade ON UPDATE no action;