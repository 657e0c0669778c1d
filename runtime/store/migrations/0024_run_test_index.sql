DROP INDEX `runs_mode_created`;--> statement-breakpoint
CREATE INDEX `runs_test_created` ON `runs` (`created_at`,`id`) WHERE "runs"."mode" = 'test';