CREATE TABLE `lookup_entries` (
	`table_name` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`table_name`, `key`),
	FOREIGN KEY (`table_name`) REFERENCES `lookup_tables`(`name`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `lookup_tables` (
	`name` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text
);
