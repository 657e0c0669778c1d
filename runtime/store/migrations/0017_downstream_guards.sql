CREATE TABLE `circuits` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`opened_at` integer NOT NULL,
	`next_try_at` integer NOT NULL,
	`last_error` text
);
--> statement-breakpoint
CREATE TABLE `rate_turns` (
	`key` text PRIMARY KEY NOT NULL,
	`starts` text NOT NULL,
	`paused_until` integer
);
