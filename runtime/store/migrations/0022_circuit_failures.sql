PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_circuits` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`opened_at` integer,
	`next_try_at` integer,
	`last_error` text
);
--> statement-breakpoint
INSERT INTO `__new_circuits`("key", "failures", "opened_at", "next_try_at", "last_error") SELECT "key", "failures", "opened_at", "next_try_at", "last_error" FROM `circuits`;--> statement-breakpoint
DROP TABLE `circuits`;--> statement-breakpoint
ALTER TABLE `__new_circuits` RENAME TO `circuits`;--> statement-breakpoint
PRAGMA foreign_keys=ON;