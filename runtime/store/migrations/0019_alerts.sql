CREATE TABLE `alert_channels` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`settings` text NOT NULL,
	`secret` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text
);
--> statement-breakpoint
CREATE TABLE `alert_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`incident_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`event` text NOT NULL,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`next_attempt_at` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`incident_id`) REFERENCES `alert_incidents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `alert_deliveries_incident` ON `alert_deliveries` (`incident_id`);--> statement-breakpoint
CREATE INDEX `alert_deliveries_due` ON `alert_deliveries` (`next_attempt_at`) WHERE "alert_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE TABLE `alert_incidents` (
	`id` text PRIMARY KEY NOT NULL,
	`rule_id` text NOT NULL,
	`rule_name` text NOT NULL,
	`kind` text NOT NULL,
	`group_key` text NOT NULL,
	`status` text NOT NULL,
	`flow_id` text,
	`since` integer NOT NULL,
	`opened_at` integer,
	`last_seen_at` integer NOT NULL,
	`resolved_at` integer,
	`notified_at` integer,
	`occurrences` integer NOT NULL,
	`detail` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_incidents_live` ON `alert_incidents` (`rule_id`,`group_key`) WHERE "alert_incidents"."status" IN ('pending', 'open');--> statement-breakpoint
CREATE INDEX `alert_incidents_since` ON `alert_incidents` (`since`);--> statement-breakpoint
CREATE TABLE `alert_marks` (
	`name` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `alert_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`enabled` integer NOT NULL,
	`channel_ids` text NOT NULL,
	`repeat_minutes` integer,
	`condition` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text
);
