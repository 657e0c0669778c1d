DROP INDEX `runs_status_created`;--> statement-breakpoint
DROP INDEX `runs_flow_status_created`;--> statement-breakpoint
CREATE INDEX `runs_status_created` ON `runs` (`status`,`created_at`,`id`) WHERE "runs"."status" <> 'running';--> statement-breakpoint
CREATE INDEX `runs_flow_status_created` ON `runs` (`flow_id`,`status`,`created_at`,`id`) WHERE "runs"."status" <> 'running';