ALTER TABLE "services" ADD COLUMN "commune_name" text;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "weekly_hours" double precision;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "duration_weeks" integer;--> statement-breakpoint
ALTER TABLE "structures" ADD COLUMN "commune_name" text;