DROP INDEX `runs_flow_created`;--> statement-breakpoint
DROP INDEX `runs_status_created`;--> statement-breakpoint
DROP INDEX `runs_created`;--> statement-breakpoint
DROP INDEX `runs_error_code`;--> statement-breakpoint
DROP INDEX `runs_error_node`;--> statement-breakpoint
DROP INDEX `runs_business_key`;--> statement-breakpoint
CREATE INDEX `runs_mode_created` ON `runs` (`mode`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `runs_flow_status_created` ON `runs` (`flow_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `runs_flow_created` ON `runs` (`flow_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `runs_status_created` ON `runs` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `runs_created` ON `runs` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `runs_error_code` ON `runs` (`error_code`,`created_at`,`id`) WHERE "runs"."error_code" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `runs_error_node` ON `runs` (`error_node_id`,`created_at`,`id`) WHERE "runs"."error_node_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `runs_business_key` ON `runs` (`business_key`,`created_at`,`id`) WHERE "runs"."business_key" IS NOT NULL;