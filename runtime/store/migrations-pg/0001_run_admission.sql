ALTER TABLE "runs" ADD COLUMN "order_key" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "admitted_at" bigint;--> statement-breakpoint
CREATE INDEX "runs_unfinished_key" ON "runs" USING btree ("flow_id","order_key","id") WHERE "runs"."finished_at" IS NULL;