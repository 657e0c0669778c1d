ALTER TABLE `runs` ADD `order_key` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `admitted_at` integer;--> statement-breakpoint
CREATE INDEX `runs_unfinished_key` ON `runs` (`flow_id`,`order_key`,`id`) WHERE "runs"."finished_at" IS NULL;