ALTER TABLE "connections" ALTER COLUMN "auth_config" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "flow_versions" ALTER COLUMN "definition" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "flows" ALTER COLUMN "definition" SET DATA TYPE json;