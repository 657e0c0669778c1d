CREATE TABLE "run_failure_rollups" (
	"flow_id" text NOT NULL,
	"minute" bigint NOT NULL,
	"error_code" text NOT NULL,
	"node_id" text NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "run_failure_rollups_flow_id_minute_error_code_node_id_pk" PRIMARY KEY("flow_id","minute","error_code","node_id")
);
--> statement-breakpoint
CREATE TABLE "run_rollups" (
	"flow_id" text NOT NULL,
	"minute" bigint NOT NULL,
	"status" text NOT NULL,
	"bucket" bigint NOT NULL,
	"count" bigint NOT NULL,
	"duration_sum" bigint NOT NULL,
	CONSTRAINT "run_rollups_flow_id_minute_status_bucket_pk" PRIMARY KEY("flow_id","minute","status","bucket")
);
--> statement-breakpoint
CREATE INDEX "run_rollups_minute" ON "run_rollups" USING btree ("minute","flow_id");