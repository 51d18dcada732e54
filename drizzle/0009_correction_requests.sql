CREATE TABLE "correction_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid,
	"organisation_id" uuid,
	"service_name" text NOT NULL,
	"structure_name" text NOT NULL,
	"part" text,
	"message" text NOT NULL,
	"contact" text,
	"ip_hash" text,
	"status" text DEFAULT 'open' NOT NULL,
	"response" text,
	"handled_by" uuid,
	"handled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "correction_requests" ADD CONSTRAINT "correction_requests_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "correction_requests" ADD CONSTRAINT "correction_requests_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "correction_requests" ADD CONSTRAINT "correction_requests_handled_by_users_id_fk" FOREIGN KEY ("handled_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "correction_requests_org_idx" ON "correction_requests" USING btree ("organisation_id","status","created_at");--> statement-breakpoint
CREATE INDEX "correction_requests_ip_idx" ON "correction_requests" USING btree ("ip_hash","created_at");--> statement-breakpoint
CREATE INDEX "correction_requests_service_idx" ON "correction_requests" USING btree ("service_id");