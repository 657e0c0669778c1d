CREATE TABLE `connection_specs` (
	`connection_id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`hash` text,
	`document` text,
	`operations` text,
	`source` text,
	`paging` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `flow_versions` ADD `spec_versions` text;