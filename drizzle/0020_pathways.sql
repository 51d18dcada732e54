CREATE TABLE "break_glass_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"reason_sealed" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid,
	"review_verdict" text,
	"review_note_sealed" text
);
--> statement-breakpoint
CREATE TABLE "consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"organisation_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"organisation_kinds" text[] DEFAULT '{}'::text[] NOT NULL,
	"categories" text[] NOT NULL,
	"purpose_sealed" text NOT NULL,
	"given_on" date NOT NULL,
	"expires_on" date,
	"collected_how" text NOT NULL,
	"collected_by" uuid,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consents_how_check" CHECK ("consents"."collected_how" in ('oral', 'written'))
);
--> statement-breakpoint
CREATE TABLE "pathway_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"author_user_id" uuid,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"sharing" text DEFAULT 'shared' NOT NULL,
	"step" text,
	"theme" text,
	"occurs_at" timestamp with time zone DEFAULT now() NOT NULL,
	"body_sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pathway_entries_kind_check" CHECK ("pathway_entries"."kind" in ('note', 'step', 'need', 'appointment')),
	CONSTRAINT "pathway_entries_sharing_check" CHECK ("pathway_entries"."sharing" in ('author', 'organisation', 'shared')),
	CONSTRAINT "pathway_entries_category_check" CHECK ("pathway_entries"."category" in ('identity', 'contact', 'situation', 'needs', 'health', 'justice', 'violence', 'finances', 'children'))
);
--> statement-breakpoint
CREATE TABLE "pathway_settings" (
	"cooperation_id" uuid PRIMARY KEY NOT NULL,
	"ping_pong_threshold" integer DEFAULT 3 NOT NULL,
	"ping_pong_window_days" integer DEFAULT 60 NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_referents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"user_id" uuid,
	"organisation_id" uuid,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	"until" timestamp with time zone,
	"changed_by" uuid
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"identity_sealed" text NOT NULL,
	"contact_sealed" text,
	"situation_sealed" text,
	"name_tokens" text[] DEFAULT '{}'::text[] NOT NULL,
	"duplicate_key" text,
	"commune_code" text,
	"preferred_language" text,
	"referent_user_id" uuid,
	"referent_organisation_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retention_proposed_at" timestamp with time zone,
	"anonymised_at" timestamp with time zone,
	CONSTRAINT "persons_status_check" CHECK ("persons"."status" in ('active', 'anonymised'))
);
--> statement-breakpoint
CREATE TABLE "ping_pong_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"cooperation_id" uuid,
	"trigger" text NOT NULL,
	"chain" uuid[] NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"handling_sealed" text,
	"handled_by" uuid,
	"handled_at" timestamp with time zone,
	CONSTRAINT "ping_pong_flags_status_check" CHECK ("ping_pong_flags"."status" in ('open', 'handled'))
);
--> statement-breakpoint
CREATE TABLE "referral_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"by_user_id" uuid,
	"automatic" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"from_organisation_id" uuid NOT NULL,
	"from_user_id" uuid,
	"service_id" uuid NOT NULL,
	"to_organisation_id" uuid NOT NULL,
	"cooperation_id" uuid,
	"status" text DEFAULT 'sent' NOT NULL,
	"message_sealed" text,
	"refusal_reason" text,
	"outcome_sealed" text,
	"respond_by" date NOT NULL,
	"reminded_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"accepted_by" uuid,
	"previous_referral_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "referrals_status_check" CHECK ("referrals"."status" in ('sent', 'received', 'accepted', 'refused', 'in_progress', 'completed', 'abandoned', 'expired')),
	CONSTRAINT "referrals_reason_check" CHECK ("referrals"."refusal_reason" is null or "referrals"."refusal_reason" in ('no_capacity', 'outside_conditions', 'not_our_mission', 'unreachable', 'other'))
);
--> statement-breakpoint
CREATE TABLE "service_referral_settings" (
	"service_id" uuid PRIMARY KEY NOT NULL,
	"response_days" integer DEFAULT 5 NOT NULL,
	"capacity" text,
	"capacity_updated_at" timestamp with time zone,
	"capacity_updated_by" uuid,
	CONSTRAINT "service_referral_settings_capacity_check" CHECK ("service_referral_settings"."capacity" is null or "service_referral_settings"."capacity" in ('available', 'limited', 'full')),
	CONSTRAINT "service_referral_settings_days_check" CHECK ("service_referral_settings"."response_days" between 1 and 60)
);
--> statement-breakpoint
ALTER TABLE "break_glass_grants" ADD CONSTRAINT "break_glass_grants_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "break_glass_grants" ADD CONSTRAINT "break_glass_grants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "break_glass_grants" ADD CONSTRAINT "break_glass_grants_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "break_glass_grants" ADD CONSTRAINT "break_glass_grants_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_collected_by_users_id_fk" FOREIGN KEY ("collected_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_withdrawn_by_users_id_fk" FOREIGN KEY ("withdrawn_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_entries" ADD CONSTRAINT "pathway_entries_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_entries" ADD CONSTRAINT "pathway_entries_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_entries" ADD CONSTRAINT "pathway_entries_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_settings" ADD CONSTRAINT "pathway_settings_cooperation_id_cooperations_id_fk" FOREIGN KEY ("cooperation_id") REFERENCES "public"."cooperations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_referents" ADD CONSTRAINT "person_referents_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_referents" ADD CONSTRAINT "person_referents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_referents" ADD CONSTRAINT "person_referents_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_referents" ADD CONSTRAINT "person_referents_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_referent_user_id_users_id_fk" FOREIGN KEY ("referent_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_referent_organisation_id_organisations_id_fk" FOREIGN KEY ("referent_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ping_pong_flags" ADD CONSTRAINT "ping_pong_flags_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ping_pong_flags" ADD CONSTRAINT "ping_pong_flags_cooperation_id_cooperations_id_fk" FOREIGN KEY ("cooperation_id") REFERENCES "public"."cooperations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ping_pong_flags" ADD CONSTRAINT "ping_pong_flags_handled_by_users_id_fk" FOREIGN KEY ("handled_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_events" ADD CONSTRAINT "referral_events_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_events" ADD CONSTRAINT "referral_events_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_from_organisation_id_organisations_id_fk" FOREIGN KEY ("from_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_from_user_id_users_id_fk" FOREIGN KEY ("from_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_to_organisation_id_organisations_id_fk" FOREIGN KEY ("to_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_cooperation_id_cooperations_id_fk" FOREIGN KEY ("cooperation_id") REFERENCES "public"."cooperations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_referral_settings" ADD CONSTRAINT "service_referral_settings_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_referral_settings" ADD CONSTRAINT "service_referral_settings_capacity_updated_by_users_id_fk" FOREIGN KEY ("capacity_updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "break_glass_person_idx" ON "break_glass_grants" USING btree ("person_id","user_id","expires_at");--> statement-breakpoint
CREATE INDEX "break_glass_unreviewed_idx" ON "break_glass_grants" USING btree ("granted_at") WHERE "break_glass_grants"."reviewed_at" is null;--> statement-breakpoint
CREATE INDEX "consents_person_idx" ON "consents" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "pathway_entries_person_idx" ON "pathway_entries" USING btree ("person_id","occurs_at");--> statement-breakpoint
CREATE INDEX "pathway_entries_appointments_idx" ON "pathway_entries" USING btree ("author_user_id","occurs_at") WHERE "pathway_entries"."kind" = 'appointment';--> statement-breakpoint
CREATE INDEX "person_referents_person_idx" ON "person_referents" USING btree ("person_id","since");--> statement-breakpoint
CREATE INDEX "persons_org_idx" ON "persons" USING btree ("organisation_id","last_activity_at");--> statement-breakpoint
CREATE INDEX "persons_referent_idx" ON "persons" USING btree ("referent_user_id");--> statement-breakpoint
CREATE INDEX "persons_tokens_idx" ON "persons" USING gin ("name_tokens");--> statement-breakpoint
CREATE INDEX "persons_duplicate_idx" ON "persons" USING btree ("organisation_id","duplicate_key");--> statement-breakpoint
CREATE INDEX "ping_pong_flags_person_idx" ON "ping_pong_flags" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "ping_pong_flags_open_idx" ON "ping_pong_flags" USING btree ("cooperation_id","raised_at") WHERE "ping_pong_flags"."status" = 'open';--> statement-breakpoint
CREATE INDEX "referral_events_referral_idx" ON "referral_events" USING btree ("referral_id","at");--> statement-breakpoint
CREATE INDEX "referrals_person_idx" ON "referrals" USING btree ("person_id","created_at");--> statement-breakpoint
CREATE INDEX "referrals_inbox_idx" ON "referrals" USING btree ("to_organisation_id","status","created_at");--> statement-breakpoint
CREATE INDEX "referrals_service_idx" ON "referrals" USING btree ("service_id","status","created_at");--> statement-breakpoint
CREATE INDEX "referrals_sender_idx" ON "referrals" USING btree ("from_organisation_id","status","created_at");--> statement-breakpoint
CREATE INDEX "referrals_due_idx" ON "referrals" USING btree ("respond_by") WHERE "referrals"."status" in ('sent', 'received');