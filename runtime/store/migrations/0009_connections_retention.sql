CREATE TABLE `connections` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`base_url` text NOT NULL,
	`auth_type` text NOT NULL,
	`auth_config` text NOT NULL,
	`secret` text,
	`rate_limit` text,
	`allow_private` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text
);
--> statement-breakpoint
CREATE TABLE `retention_policies` (
	`flow_id` text PRIMARY KEY NOT NULL,
	`days` integer,
	`keep_success_payloads` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text
);
