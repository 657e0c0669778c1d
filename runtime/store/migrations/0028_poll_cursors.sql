CREATE TABLE `poll_cursors` (
	`flow_id` text NOT NULL,
	`node_id` text NOT NULL,
	`cursor` text NOT NULL,
	`revision` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	PRIMARY KEY(`flow_id`, `node_id`),
	FOREIGN KEY (`flow_id`) REFERENCES `flows`(`id`) ON UPDATE no action ON DELETE cascade
);
