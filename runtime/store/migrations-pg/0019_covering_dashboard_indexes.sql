DROP INDEX "run_rollups_minute";--> statement-breakpoint
DROP INDEX "runs_failed_group";--> statement-breakpoint
CREATE INDEX "run_rollups_minute" ON "run_rollups" USING btree ("minute","flow_id","status","bucket","count","duration_sum");--> statement-breakpoint
CREATE INDEX "runs_failed_group" ON "runs" USING btree ("status","mode","flow_id","error_node_id","error_code","created_at","parent_run_id","id") WHERE "runs"."status" = 'failed' AND "runs"."mode" = 'live';