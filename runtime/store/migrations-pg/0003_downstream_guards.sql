CREATE TABLE "circuits" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" bigint NOT NULL,
	"opened_at" bigint NOT NULL,
	"next_try_at" bigint NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "rate_turns" (
	"key" text PRIMARY KEY NOT NULL,
	"starts" json NOT NULL,
	"paused_until" bigint
);
