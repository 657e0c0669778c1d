CREATE TABLE `variables` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text
);
