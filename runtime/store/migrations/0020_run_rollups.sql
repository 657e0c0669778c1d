CREATE TABLE `run_failure_rollups` (
	`flow_id` text NOT NULL,
	`minute` integer NOT NULL,
	`error_code` text NOT NULL,
	`node_id` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`flow_id`, `minute`, `error_code`, `node_id`)
);
--> statement-breakpoint
CREATE TABLE `run_rollups` (
	`flow_id` text NOT NULL,
	`minute` integer NOT NULL,
	`status` text NOT NULL,
	`bucket` integer NOT NULL,
	`count` integer NOT NULL,
	`duration_sum` integer NOT NULL,
	PRIMARY KEY(`flow_id`, `minute`, `status`, `bucket`)
);
--> statement-breakpoint
CREATE INDEX `run_rollups_minute` ON `run_rollups` (`minute`,`flow_id`);