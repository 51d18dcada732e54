CREATE TABLE "forum_contributions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"parent_id" uuid,
	"phase" text NOT NULL,
	"body" text NOT NULL,
	"expertise" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"author_id" uuid,
	"on_behalf" boolean DEFAULT false NOT NULL,
	"recorded_by" uuid,
	"need_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forum_contributions_phase_check" CHECK ("forum_contributions"."phase" in ('before', 'during', 'after')),
	CONSTRAINT "forum_contributions_expertise_check" CHECK ("forum_contributions"."expertise" in ('technique', 'politique', 'usage'))
);
--> statement-breakpoint
CREATE TABLE "forum_facilitators" (
	"session_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "forum_facilitators_session_id_user_id_pk" PRIMARY KEY("session_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "forum_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"territory_type" text NOT NULL,
	"territory_code" text NOT NULL,
	"region_code" text,
	"departement_code" text,
	"epci_code" text,
	"commune_code" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place" text,
	"remote_url" text,
	"status" text,
	"technical_count" integer DEFAULT 0 NOT NULL,
	"political_count" integer DEFAULT 0 NOT NULL,
	"usage_count" integer DEFAULT 0 NOT NULL,
	"named_professionals" text[] DEFAULT '{}'::text[] NOT NULL,
	"organisation_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forum_sessions_territory_check" CHECK ("forum_sessions"."territory_type" in ('commune', 'epci', 'departement')),
	CONSTRAINT "forum_sessions_status_check" CHECK ("forum_sessions"."status" is null or "forum_sessions"."status" in ('upcoming', 'ongoing', 'ended')),
	CONSTRAINT "forum_sessions_dates_check" CHECK ("forum_sessions"."ends_at" >= "forum_sessions"."starts_at"),
	CONSTRAINT "forum_sessions_counts_check" CHECK ("forum_sessions"."technical_count" >= 0 and "forum_sessions"."political_count" >= 0 and "forum_sessions"."usage_count" >= 0)
);
--> statement-breakpoint
ALTER TABLE "forum_contributions" ADD CONSTRAINT "forum_contributions_session_id_forum_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."forum_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_contributions" ADD CONSTRAINT "forum_contributions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_contributions" ADD CONSTRAINT "forum_contributions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_facilitators" ADD CONSTRAINT "forum_facilitators_session_id_forum_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."forum_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_facilitators" ADD CONSTRAINT "forum_facilitators_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_sessions" ADD CONSTRAINT "forum_sessions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_sessions" ADD CONSTRAINT "forum_sessions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "forum_contributions_session_idx" ON "forum_contributions" USING btree ("session_id","created_at");--> statement-breakpoint
CREATE INDEX "forum_contributions_parent_idx" ON "forum_contributions" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "forum_contributions_tags_idx" ON "forum_contributions" USING gin ("tags");--> statement-breakpoint
CREATE UNIQUE INDEX "forum_contributions_need_idx" ON "forum_contributions" USING btree ("need_id") WHERE "forum_contributions"."need_id" is not null;--> statement-breakpoint
CREATE INDEX "forum_facilitators_user_idx" ON "forum_facilitators" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "forum_sessions_starts_idx" ON "forum_sessions" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "forum_sessions_departement_idx" ON "forum_sessions" USING btree ("departement_code","starts_at");--> statement-breakpoint
CREATE INDEX "forum_sessions_themes_idx" ON "forum_sessions" USING gin ("themes");