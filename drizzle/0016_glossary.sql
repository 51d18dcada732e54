CREATE TABLE "glossary_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"territory_type" text NOT NULL,
	"territory_code" text NOT NULL,
	"key" text NOT NULL,
	"hidden" boolean DEFAULT false NOT NULL,
	"term" text,
	"long_form" text,
	"definition" text,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"source_name" text,
	"source_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "glossary_entries_territory_type_check" CHECK ("glossary_entries"."territory_type" in ('region', 'departement', 'epci', 'commune')),
	CONSTRAINT "glossary_entries_text_check" CHECK ("glossary_entries"."hidden" or ("glossary_entries"."term" is not null and "glossary_entries"."definition" is not null))
);
--> statement-breakpoint
CREATE TABLE "glossary_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"territory_type" text NOT NULL,
	"territory_code" text NOT NULL,
	"key" text NOT NULL,
	"change" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"changed_by" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "glossary_entries" ADD CONSTRAINT "glossary_entries_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "glossary_history" ADD CONSTRAINT "glossary_history_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "glossary_entries_territory_key_idx" ON "glossary_entries" USING btree ("territory_type","territory_code","key");--> statement-breakpoint
CREATE INDEX "glossary_history_territory_idx" ON "glossary_history" USING btree ("territory_type","territory_code","key","seq");