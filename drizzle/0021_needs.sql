CREATE TABLE "needs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"territory_type" text NOT NULL,
	"territory_code" text NOT NULL,
	"publics" text[] DEFAULT '{}'::text[] NOT NULL,
	"source" text NOT NULL,
	"expertise" text,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"referral_id" uuid,
	"reported_by" uuid,
	"reported_by_organisation_id" uuid,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'to_qualify' NOT NULL,
	"merged_into_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "needs_source_check" CHECK ("needs"."source" in ('forum', 'empathy_workshop', 'field_observation', 'data', 'refused_referral', 'empty_search', 'user_feedback', 'abs')),
	CONSTRAINT "needs_expertise_check" CHECK ("needs"."expertise" is null or "needs"."expertise" in ('technique', 'politique', 'usage')),
	CONSTRAINT "needs_status_check" CHECK ("needs"."status" in ('to_qualify', 'confirmed', 'answered', 'closed'))
);
--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_reported_by_organisation_id_organisations_id_fk" FOREIGN KEY ("reported_by_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "needs_territory_idx" ON "needs" USING btree ("territory_type","territory_code","status");--> statement-breakpoint
CREATE INDEX "needs_themes_idx" ON "needs" USING gin ("themes");--> statement-breakpoint
CREATE UNIQUE INDEX "needs_referral_idx" ON "needs" USING btree ("referral_id") WHERE "needs"."referral_id" is not null;