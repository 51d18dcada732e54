ALTER TABLE "departements" ADD COLUMN "population" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "regions" ADD COLUMN "population" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "departements" d SET "population" = (SELECT coalesce(sum(c."population"), 0) FROM "communes" c WHERE c."departement_code" = d."code");
--> statement-breakpoint
UPDATE "regions" r SET "population" = (SELECT coalesce(sum(c."population"), 0) FROM "communes" c WHERE c."region_code" = r."code");
