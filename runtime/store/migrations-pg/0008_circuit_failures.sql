ALTER TABLE "circuits" ALTER COLUMN "opened_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "circuits" ALTER COLUMN "next_try_at" DROP NOT NULL;