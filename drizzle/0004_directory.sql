CREATE TABLE "action_services" (
	"node_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	CONSTRAINT "action_services_node_id_service_id_pk" PRIMARY KEY("node_id","service_id")
);
--> statement-breakpoint
CREATE TABLE "correspondents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"structure_id" uuid NOT NULL,
	"theme" text NOT NULL,
	"full_name" text NOT NULL,
	"job_title" text DEFAULT '' NOT NULL,
	"phone" text,
	"email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referential_nodes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"parent_id" uuid,
	"level" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"departement_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_words" (
	"word" text PRIMARY KEY NOT NULL,
	"frequency" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_history" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"service_id" uuid NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_by" uuid,
	"kind" text NOT NULL,
	"changes" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"structure_id" uuid NOT NULL,
	"source" text NOT NULL,
	"source_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"type" text,
	"thematiques" text[] DEFAULT '{}'::text[] NOT NULL,
	"fees" text,
	"fees_details" text,
	"publics" text[] DEFAULT '{}'::text[] NOT NULL,
	"publics_details" text,
	"access_conditions" text,
	"reception_modes" text[] DEFAULT '{}'::text[] NOT NULL,
	"outreach" boolean DEFAULT false NOT NULL,
	"eligibility_zone" text[] DEFAULT '{}'::text[] NOT NULL,
	"mobilisation_modes" text[] DEFAULT '{}'::text[] NOT NULL,
	"mobilisable_by" text[] DEFAULT '{}'::text[] NOT NULL,
	"mobilisation_details" text,
	"mobilisation_url" text,
	"contact_name" text,
	"phone" text,
	"email" text,
	"commune_code" text,
	"postal_code" text,
	"address" text,
	"address_complement" text,
	"latitude" double precision,
	"longitude" double precision,
	"opening_hours" text,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"accessibility" text,
	"source_url" text,
	"source_updated_on" date,
	"last_checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name_normalized" text GENERATED ALWAYS AS (normalize_name(name)) STORED
);
--> statement-breakpoint
CREATE TABLE "structures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"source_id" text NOT NULL,
	"organisation_id" uuid,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"siret" text,
	"commune_code" text,
	"postal_code" text,
	"address" text,
	"address_complement" text,
	"latitude" double precision,
	"longitude" double precision,
	"phone" text,
	"email" text,
	"website" text,
	"opening_hours" text,
	"accessibility_url" text,
	"networks" text[] DEFAULT '{}'::text[] NOT NULL,
	"source_url" text,
	"source_updated_on" date,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "action_services" ADD CONSTRAINT "action_services_node_id_referential_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."referential_nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_services" ADD CONSTRAINT "action_services_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "correspondents" ADD CONSTRAINT "correspondents_structure_id_structures_id_fk" FOREIGN KEY ("structure_id") REFERENCES "public"."structures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referential_nodes" ADD CONSTRAINT "referential_nodes_parent_id_referential_nodes_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."referential_nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_history" ADD CONSTRAINT "service_history_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_history" ADD CONSTRAINT "service_history_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_structure_id_structures_id_fk" FOREIGN KEY ("structure_id") REFERENCES "public"."structures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_commune_code_communes_code_fk" FOREIGN KEY ("commune_code") REFERENCES "public"."communes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "structures" ADD CONSTRAINT "structures_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "structures" ADD CONSTRAINT "structures_commune_code_communes_code_fk" FOREIGN KEY ("commune_code") REFERENCES "public"."communes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "action_services_service_idx" ON "action_services" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "correspondents_structure_idx" ON "correspondents" USING btree ("structure_id");--> statement-breakpoint
CREATE INDEX "referential_parent_idx" ON "referential_nodes" USING btree ("parent_id","position");--> statement-breakpoint
CREATE INDEX "service_history_service_idx" ON "service_history" USING btree ("service_id","changed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "services_source_idx" ON "services" USING btree ("source","source_id");--> statement-breakpoint
CREATE INDEX "services_structure_idx" ON "services" USING btree ("structure_id");--> statement-breakpoint
CREATE INDEX "services_commune_idx" ON "services" USING btree ("commune_code");--> statement-breakpoint
CREATE INDEX "services_thematiques_idx" ON "services" USING gin ("thematiques");--> statement-breakpoint
CREATE INDEX "services_publics_idx" ON "services" USING gin ("publics");--> statement-breakpoint
CREATE INDEX "services_checked_idx" ON "services" USING btree ("last_checked_at");--> statement-breakpoint
CREATE UNIQUE INDEX "structures_source_idx" ON "structures" USING btree ("source","source_id");--> statement-breakpoint
CREATE INDEX "structures_org_idx" ON "structures" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "structures_commune_idx" ON "structures" USING btree ("commune_code");