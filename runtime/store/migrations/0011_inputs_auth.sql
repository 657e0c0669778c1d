CREATE TABLE `sign_in_throttle` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`last_failure_at` integer NOT NULL,
	`blocked_until` integer
);
--> statement-breakpoint
CREATE INDEX `sign_in_throttle_last` ON `sign_in_throttle` (`last_failure_at`);--> statement-breakpoint
CREATE TABLE `webhook_signatures` (
	`flow_id` text NOT NULL,
	`signature` text NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`flow_id`, `signature`)
);
--> statement-breakpoint
CREATE INDEX `webhook_signatures_expiry` ON `webhook_signatures` (`expires_at`);