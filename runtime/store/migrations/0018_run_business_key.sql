ALTER TABLE `runs` ADD `business_key` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `business_key_error` text;--> statement-breakpoint
CREATE INDEX `runs_business_key` ON `runs` (`business_key`,`id`) WHERE "runs"."business_key" IS NOT NULL;