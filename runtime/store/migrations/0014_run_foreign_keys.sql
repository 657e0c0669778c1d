-- Rows of a run or a flow that no longer exists (left by deletions before these keys) are not copied: nothing
-- can reach them, and the new keys would refuse them. Migrations run in one transaction, where the
-- foreign_keys pragma cannot change, so the copies are checked against their parents as they are made.
CREATE TABLE `__new_trigger_dedupe` (
	`flow_id` text NOT NULL,
	`key` text NOT NULL,
	`run_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`flow_id`, `key`),
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_trigger_dedupe`("flow_id", "key", "run_id", "created_at") SELECT "flow_id", "key", "run_id", "created_at" FROM `trigger_dedupe` WHERE "run_id" IN (SELECT "id" FROM `runs`);--> statement-breakpoint
DROP TABLE `trigger_dedupe`;--> statement-breakpoint
ALTER TABLE `__new_trigger_dedupe` RENAME TO `trigger_dedupe`;--> statement-breakpoint
CREATE INDEX `trigger_dedupe_run` ON `trigger_dedupe` (`run_id`);--> statement-breakpoint
CREATE TABLE `__new_flow_versions` (
	`flow_id` text NOT NULL,
	`version` integer NOT NULL,
	`definition` text NOT NULL,
	`hash` text NOT NULL,
	`note` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`flow_id`, `version`),
	FOREIGN KEY (`flow_id`) REFERENCES `flows`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_flow_versions`("flow_id", "version", "definition", "hash", "note", "created_by", "created_at") SELECT "flow_id", "version", "definition", "hash", "note", "created_by", "created_at" FROM `flow_versions` WHERE "flow_id" IN (SELECT "id" FROM `flows`);--> statement-breakpoint
DROP TABLE `flow_versions`;--> statement-breakpoint
ALTER TABLE `__new_flow_versions` RENAME TO `flow_versions`;--> statement-breakpoint
CREATE TABLE `__new_run_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` text NOT NULL,
	`at` integer NOT NULL,
	`action` text NOT NULL,
	`note` text,
	`detail` text,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_run_actions`("id", "run_id", "at", "action", "note", "detail") SELECT "id", "run_id", "at", "action", "note", "detail" FROM `run_actions` WHERE "run_id" IN (SELECT "id" FROM `runs`);--> statement-breakpoint
DROP TABLE `run_actions`;--> statement-breakpoint
ALTER TABLE `__new_run_actions` RENAME TO `run_actions`;--> statement-breakpoint
CREATE INDEX `run_actions_run` ON `run_actions` (`run_id`,`at`);--> statement-breakpoint
CREATE TABLE `__new_run_payloads` (
	`run_id` text NOT NULL,
	`hash` text NOT NULL,
	`data` text NOT NULL,
	PRIMARY KEY(`run_id`, `hash`),
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_run_payloads`("run_id", "hash", "data") SELECT "run_id", "hash", "data" FROM `run_payloads` WHERE "run_id" IN (SELECT "id" FROM `runs`);--> statement-breakpoint
DROP TABLE `run_payloads`;--> statement-breakpoint
ALTER TABLE `__new_run_payloads` RENAME TO `run_payloads`;--> statement-breakpoint
CREATE TABLE `__new_step_recoveries` (
	`run_id` text NOT NULL,
	`node_id` text NOT NULL,
	`count` integer NOT NULL,
	`held` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`run_id`, `node_id`),
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_step_recoveries`("run_id", "node_id", "count", "held") SELECT "run_id", "node_id", "count", "held" FROM `step_recoveries` WHERE "run_id" IN (SELECT "id" FROM `runs`);--> statement-breakpoint
DROP TABLE `step_recoveries`;--> statement-breakpoint
ALTER TABLE `__new_step_recoveries` RENAME TO `step_recoveries`;--> statement-breakpoint
CREATE TABLE `__new_steps` (
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
	`sent_key` text,
	PRIMARY KEY(`run_id`, `node_id`),
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_steps`("run_id", "node_id", "status", "port", "attempts", "input", "output", "error", "attempt_errors", "started_at", "finished_at", "next_attempt_at", "sent_key") SELECT "run_id", "node_id", "status", "port", "attempts", "input", "output", "error", "attempt_errors", "started_at", "finished_at", "next_attempt_at", "sent_key" FROM `steps` WHERE "run_id" IN (SELECT "id" FROM `runs`);--> statement-breakpoint
DROP TABLE `steps`;--> statement-breakpoint
ALTER TABLE `__new_steps` RENAME TO `steps`;--> statement-breakpoint
CREATE INDEX `steps_due` ON `steps` (`next_attempt_at`) WHERE "steps"."status" IN ('retrying', 'waiting');