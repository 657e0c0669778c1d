CREATE TABLE `run_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` text NOT NULL,
	`at` integer NOT NULL,
	`action` text NOT NULL,
	`note` text,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `run_actions_run` ON `run_actions` (`run_id`,`at`);--> statement-breakpoint
ALTER TABLE `runs` ADD `replay_of` text;