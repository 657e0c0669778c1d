CREATE TABLE "alert_channels" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"settings" json NOT NULL,
	"secret" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "alert_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"event" text NOT NULL,
	"payload" json NOT NULL,
	"status" text NOT NULL,
	"attempts" bigint NOT NULL,
	"next_attempt_at" bigint,
	"last_error" text,
	"created_at" bigint NOT NULL,
	"sent_at" bigint
);
--> statement-breakpoint
CREATE TABLE "alert_incidents" (
	"id" text PRIMARY KEY NOT NULL,
	"rule_id" text NOT NULL,
	"rule_name" text NOT NULL,
	"kind" text NOT NULL,
	"group_key" text NOT NULL,
	"status" text NOT NULL,
	"flow_id" text,
	"since" bigint NOT NULL,
	"opened_at" bigint,
	"last_seen_at" bigint NOT NULL,
	"resolved_at" bigint,
	"notified_at" bigint,
	"occurrences" bigint NOT NULL,
	"detail" json NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_marks" (
	"name" text PRIMARY KEY NOT NULL,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean NOT NULL,
	"channel_ids" json NOT NULL,
	"repeat_minutes" bigint,
	"condition" json NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_incident_id_alert_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."alert_incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_deliveries_incident" ON "alert_deliveries" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "alert_deliveries_due" ON "alert_deliveries" USING btree ("next_attempt_at") WHERE "alert_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "alert_incidents_live" ON "alert_incidents" USING btree ("rule_id","group_key") WHERE "alert_incidents"."status" IN ('pending', 'open');--> statement-breakpoint
CREATE INDEX "alert_incidents_since" ON "alert_incidents" USING btree ("since");