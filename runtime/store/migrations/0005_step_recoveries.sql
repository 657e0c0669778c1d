CREATE TABLE `step_recoveries` (
	`run_id` text NOT NULL,
	`node_id` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`run_id`, `node_id`)
);
