CREATE TABLE "charter_approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid,
	"decision" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"content_snapshot" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"invalidated_at" timestamp with time zone,
	CONSTRAINT "charter_approvals_decision_check" CHECK ("charter_approvals"."decision" in ('approved', 'changes_requested')),
	CONSTRAINT "charter_approvals_reason_check" CHECK ("charter_approvals"."decision" = 'approved' or length("charter_approvals"."reason") > 0)
);
--> statement-breakpoint
CREATE TABLE "charter_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cooperation_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"template" text,
	"based_on_version_id" uuid,
	"content" jsonb NOT NULL,
	"content_hash" text,
	"submitted_at" timestamp with time zone,
	"frozen_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "charter_versions_status_check" CHECK ("charter_versions"."status" in ('draft', 'in_approval', 'frozen', 'superseded')),
	CONSTRAINT "charter_versions_hash_check" CHECK (("charter_versions"."status" in ('frozen', 'superseded')) = ("charter_versions"."content_hash" is not null))
);
--> statement-breakpoint
ALTER TABLE "charter_approvals" ADD CONSTRAINT "charter_approvals_version_id_charter_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."charter_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charter_approvals" ADD CONSTRAINT "charter_approvals_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charter_approvals" ADD CONSTRAINT "charter_approvals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charter_versions" ADD CONSTRAINT "charter_versions_cooperation_id_cooperations_id_fk" FOREIGN KEY ("cooperation_id") REFERENCES "public"."cooperations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charter_versions" ADD CONSTRAINT "charter_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "charter_approvals_version_idx" ON "charter_approvals" USING btree ("version_id","organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "charter_versions_number_idx" ON "charter_versions" USING btree ("cooperation_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "charter_versions_in_force_idx" ON "charter_versions" USING btree ("cooperation_id") WHERE "charter_versions"."status" = 'frozen';--> statement-breakpoint
CREATE UNIQUE INDEX "charter_versions_open_idx" ON "charter_versions" USING btree ("cooperation_id") WHERE "charter_versions"."status" in ('draft', 'in_approval');--> statement-breakpoint
-- A frozen charter version never changes: only its status may go from frozen to superseded (the service says so
-- with a 409 first; this is the backstop for any other path).
CREATE FUNCTION charter_versions_frozen_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.status = 'superseded'
		OR (OLD.status = 'frozen' AND (NEW.status <> 'superseded'
			OR NEW.content IS DISTINCT FROM OLD.content
			OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
			OR NEW.number <> OLD.number
			OR NEW.cooperation_id <> OLD.cooperation_id
			OR NEW.frozen_at IS DISTINCT FROM OLD.frozen_at)) THEN
		RAISE EXCEPTION 'charter version % is frozen', OLD.id USING ERRCODE = 'object_not_in_prerequisite_state';
	END IF;
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER charter_versions_frozen_guard BEFORE UPDATE ON charter_versions
	FOR EACH ROW EXECUTE FUNCTION charter_versions_frozen_guard();
