CREATE TABLE "feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid,
	"life_event_slug" text,
	"organisation_id" uuid,
	"subject_name" text NOT NULL,
	"thematiques" text[] DEFAULT '{}'::text[] NOT NULL,
	"commune_code" text NOT NULL,
	"epci_code" text,
	"departement_code" text,
	"region_code" text,
	"useful" boolean,
	"missing" text[] DEFAULT '{}'::text[] NOT NULL,
	"text" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"reject_reason" text,
	"moderated_by" uuid,
	"moderated_at" timestamp with time zone,
	"answer" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"need_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_subject_check" CHECK (("feedback"."service_id" is not null) or ("feedback"."life_event_slug" is not null)),
	CONSTRAINT "feedback_status_check" CHECK ("feedback"."status" in ('pending', 'approved', 'rejected'))
);
--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_moderated_by_users_id_fk" FOREIGN KEY ("moderated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_need_id_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."needs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feedback_status_departement_idx" ON "feedback" USING btree ("status","departement_code","created_at");--> statement-breakpoint
CREATE INDEX "feedback_organisation_idx" ON "feedback" USING btree ("organisation_id","status","created_at");--> statement-breakpoint
CREATE INDEX "feedback_service_idx" ON "feedback" USING btree ("service_id","status");