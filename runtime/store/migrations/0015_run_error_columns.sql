ALTER TABLE `runs` ADD `error_code` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `error_node_id` text;--> statement-breakpoint
-- From the error each run already has (the same expressions RunStore.finishRun writes them with).
UPDATE `runs` SET `error_code` = json_extract(`error`, '$.code'), `error_node_id` = json_extract(`error`, '$.nodeId')
  WHERE `error` IS NOT NULL AND json_valid(`error`);--> statement-breakpoint
CREATE INDEX `runs_failed_group` ON `runs` (`status`,`mode`,`flow_id`,`error_node_id`,`error_code`,`created_at`) WHERE "runs"."status" = 'failed' AND "runs"."mode" = 'live';--> statement-breakpoint
CREATE INDEX `runs_error_code` ON `runs` (`error_code`,`id`) WHERE "runs"."error_code" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `runs_error_node` ON `runs` (`error_node_id`,`id`) WHERE "runs"."error_node_id" IS NOT NULL;