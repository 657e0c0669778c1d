DROP INDEX `steps_due`;--> statement-breakpoint
CREATE INDEX `steps_due` ON `steps` (`next_attempt_at`) WHERE "steps"."status" IN ('retrying', 'waiting');