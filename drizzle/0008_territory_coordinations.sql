CREATE TABLE "territory_coordinations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"territory_type" text NOT NULL,
	"territory_code" text NOT NULL,
	"granted_by" uuid,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_by" uuid,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "invitations" ALTER COLUMN "role" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "memberships" ALTER COLUMN "role" SET DATA TYPE text;--> statement-breakpoint
-- The membership role 'coordinator' carried territory-wide powers (ADR 008). Demo coordinators keep theirs as an
-- explicit coordination of their organisation's territory; every other 'coordinator' becomes a plain member, and
-- an instance admin grants coordination where it is due.
INSERT INTO "territory_coordinations" ("user_id", "territory_type", "territory_code")
	SELECT m."user_id", o."territory_type", o."territory_code" FROM "memberships" m
	JOIN "organisations" o ON o."id" = m."organisation_id" WHERE m."role" = 'coordinator' AND o."is_demo";--> statement-breakpoint
UPDATE "memberships" SET "role" = 'member' WHERE "role" = 'coordinator';--> statement-breakpoint
UPDATE "invitations" SET "role" = 'member' WHERE "role" = 'coordinator';--> statement-breakpoint
DROP TYPE "public"."membership_role";--> statement-breakpoint
CREATE TYPE "public"."membership_role" AS ENUM('admin', 'member', 'reader');--> statement-breakpoint
ALTER TABLE "invitations" ALTER COLUMN "role" SET DATA TYPE "public"."membership_role" USING "role"::"public"."membership_role";--> statement-breakpoint
ALTER TABLE "memberships" ALTER COLUMN "role" SET DATA TYPE "public"."membership_role" USING "role"::"public"."membership_role";--> statement-breakpoint
ALTER TABLE "territory_coordinations" ADD CONSTRAINT "territory_coordinations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "territory_coordinations" ADD CONSTRAINT "territory_coordinations_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "territory_coordinations" ADD CONSTRAINT "territory_coordinations_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "territory_coordinations_user_idx" ON "territory_coordinations" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "territory_coordinations_active_idx" ON "territory_coordinations" USING btree ("user_id","territory_type","territory_code") WHERE "territory_coordinations"."revoked_at" is null;