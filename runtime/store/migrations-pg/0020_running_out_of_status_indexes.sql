DROP INDEX "runs_status_created";--> statement-breakpoint
DROP INDEX "runs_flow_status_created";--> statement-breakpoint
CREATE INDEX "runs_status_created" ON "runs" USING btree ("status","created_at","id") WHERE "runs"."status" <> 'running';--> statement-breakpoint
CREATE INDEX "runs_flow_status_created" ON "runs" USING btree ("flow_id","status","created_at","id") WHERE "runs"."status" <> 'running';