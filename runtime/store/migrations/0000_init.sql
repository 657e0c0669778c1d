CREATE TABLE `activations` (
	`flow_id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`activated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `flow_versions` (
	`flow_id` text NOT NULL,
	`version` integer NOT NULL,
	`definition` text NOT NULL,
	`hash` text NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`flow_id`, `version`)
);
--> statement-breakpoint
CREATE TABLE `flows` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`definition` text NOT NULL,
	`revision` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `run_payloads` (
	`run_id` text NOT NULL,
	`hash` text NOT NULL,
	`data` text NOT NULL,
	PRIMARY KEY(`run_id`, `hash`)
);
--> statement-breakpoint
CREATE TABLE `runs` (
	`id` text PRIMARY KEY NOT NULL,
	`flow_id` text NOT NULL,
	`version` integer,
	`mode` text NOT NULL,
	`status` text NOT NULL,
	`trigger_node` text NOT NULL,
	`trigger` text NOT NULL,
	`definition` text,
	`correlation_id` text,
	`dedupe_key` text,
	`error` text,
	`response` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `runs_flow_created` ON `runs` (`flow_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `runs_status_created` ON `runs` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `runs_created` ON `runs` (`created_at`);--> statement-breakpoint
CREATE TABLE `steps` (
	`run_id` text NOT NULL,
	`node_id` text NOT NULL,
	`status` text NOT NULL,
	`port` text,
	`attempts` integer NOT NULL,
	`input` text,
	`output` text,
	`error` text,
	`attempt_errors` text,
	`started_at` integer,
	`finished_at` integer,
	`next_attempt_at` integer,
	PRIMARY KEY(`run_id`, `node_id`)
);
--> statement-breakpoint
CREATE INDEX `steps_due` ON `steps` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `trigger_dedupe` (
	`flow_id` text NOT NULL,
	`key` text NOT NULL,
	`run_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`flow_id`, `key`)
);
