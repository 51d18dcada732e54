CREATE TABLE "advance_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"approver_index" integer NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid,
	"decision" text NOT NULL,
	"justification_sealed" text,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "advance_answers_decision" CHECK ("advance_answers"."decision" in ('approved','refused'))
);
--> statement-breakpoint
CREATE TABLE "advance_repayments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"repaid_on" date NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "advance_repayments_positive" CHECK ("advance_repayments"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "advance_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cooperation_id" uuid NOT NULL,
	"person_id" uuid,
	"requester_user_id" uuid,
	"requester_organisation_id" uuid NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"purpose_sealed" text,
	"urgency" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"year" integer NOT NULL,
	"charter_version_id" uuid NOT NULL,
	"approvers" jsonb NOT NULL,
	"quorum" integer NOT NULL,
	"decided_at" timestamp with time zone,
	"paid_on" date,
	"paid_amount" numeric(14, 2),
	"payment_means" text,
	"paid_by" uuid,
	"repaid_amount" numeric(14, 2) DEFAULT '0' NOT NULL,
	"written_off_amount" numeric(14, 2) DEFAULT '0' NOT NULL,
	"written_off_at" timestamp with time zone,
	"write_off_reason_sealed" text,
	"written_off_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "advance_requests_amount_positive" CHECK ("advance_requests"."amount" > 0),
	CONSTRAINT "advance_requests_quorum" CHECK ("advance_requests"."quorum" >= 1),
	CONSTRAINT "advance_requests_status" CHECK ("advance_requests"."status" in ('pending','approved','refused','paid','partially_repaid','repaid','written_off')),
	CONSTRAINT "advance_requests_urgency" CHECK ("advance_requests"."urgency" in ('immediate','within_48h','ordinary')),
	CONSTRAINT "advance_requests_repaid" CHECK ("advance_requests"."repaid_amount" + "advance_requests"."written_off_amount" <= coalesce("advance_requests"."paid_amount", 0))
);
--> statement-breakpoint
ALTER TABLE "advance_answers" ADD CONSTRAINT "advance_answers_request_id_advance_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."advance_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advance_answers" ADD CONSTRAINT "advance_answers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advance_repayments" ADD CONSTRAINT "advance_repayments_request_id_advance_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."advance_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advance_repayments" ADD CONSTRAINT "advance_repayments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advance_requests" ADD CONSTRAINT "advance_requests_cooperation_id_cooperations_id_fk" FOREIGN KEY ("cooperation_id") REFERENCES "public"."cooperations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advance_requests" ADD CONSTRAINT "advance_requests_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advance_requests" ADD CONSTRAINT "advance_requests_requester_user_id_users_id_fk" FOREIGN KEY ("requester_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advance_requests" ADD CONSTRAINT "advance_requests_requester_organisation_id_organisations_id_fk" FOREIGN KEY ("requester_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advance_requests" ADD CONSTRAINT "advance_requests_paid_by_users_id_fk" FOREIGN KEY ("paid_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advance_requests" ADD CONSTRAINT "advance_requests_written_off_by_users_id_fk" FOREIGN KEY ("written_off_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "advance_answers_entry_uq" ON "advance_answers" USING btree ("request_id","approver_index");--> statement-breakpoint
CREATE UNIQUE INDEX "advance_answers_user_uq" ON "advance_answers" USING btree ("request_id","user_id");--> statement-breakpoint
CREATE INDEX "advance_repayments_request_idx" ON "advance_repayments" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "advance_requests_cooperation_idx" ON "advance_requests" USING btree ("cooperation_id","year","status");--> statement-breakpoint
CREATE INDEX "advance_requests_person_idx" ON "advance_requests" USING btree ("person_id");