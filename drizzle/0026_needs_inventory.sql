CREATE TABLE "need_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" integer GENERATED ALWAYS AS IDENTITY (sequence name "need_events_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"need_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"other_need_id" uuid,
	"changes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor_user_id" uuid,
	"actor_organisation_id" uuid,
	"actor_name" text,
	"organisation_name" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "need_events_kind_check" CHECK ("need_events"."kind" in ('created', 'updated', 'merged_into', 'merged_from'))
);
--> statement-breakpoint
ALTER TABLE "needs" ADD COLUMN "report_count" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "need_events" ADD CONSTRAINT "need_events_need_id_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."needs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "need_events" ADD CONSTRAINT "need_events_other_need_id_needs_id_fk" FOREIGN KEY ("other_need_id") REFERENCES "public"."needs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "need_events" ADD CONSTRAINT "need_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "need_events" ADD CONSTRAINT "need_events_actor_organisation_id_organisations_id_fk" FOREIGN KEY ("actor_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "need_events_need_idx" ON "need_events" USING btree ("need_id","seq");--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_merged_into_id_needs_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."needs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "needs_reported_idx" ON "needs" USING btree ("reported_at","id");--> statement-breakpoint
CREATE INDEX "needs_merged_into_idx" ON "needs" USING btree ("merged_into_id") WHERE "needs"."merged_into_id" is not null;