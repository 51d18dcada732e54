CREATE TABLE "indicator_aggregates" (
	"indicator_code" text NOT NULL,
	"territory_type" text NOT NULL,
	"territory_code" text NOT NULL,
	"period" text NOT NULL,
	"status" text NOT NULL,
	"value" double precision,
	"coverage" double precision NOT NULL,
	"communes" integer NOT NULL,
	CONSTRAINT "indicator_aggregates_indicator_code_territory_type_territory_code_period_pk" PRIMARY KEY("indicator_code","territory_type","territory_code","period")
);
--> statement-breakpoint
CREATE TABLE "indicator_definitions" (
	"code" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"source" text NOT NULL,
	"vintage" text DEFAULT '' NOT NULL,
	"method" text DEFAULT '' NOT NULL,
	"aggregation" text NOT NULL,
	"denominator_code" text,
	"visibility" text DEFAULT 'public' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicator_definitions_ratio_denominator" CHECK (("indicator_definitions"."aggregation" = 'ratio') = ("indicator_definitions"."denominator_code" is not null))
);
--> statement-breakpoint
CREATE TABLE "indicator_values" (
	"indicator_code" text NOT NULL,
	"territory_type" text DEFAULT 'commune' NOT NULL,
	"territory_code" text NOT NULL,
	"period" text NOT NULL,
	"status" text NOT NULL,
	"value" double precision,
	"source" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicator_values_indicator_code_territory_type_territory_code_period_pk" PRIMARY KEY("indicator_code","territory_type","territory_code","period"),
	CONSTRAINT "indicator_values_status" CHECK (("indicator_values"."status" = 'value') = ("indicator_values"."value" is not null))
);
--> statement-breakpoint
ALTER TABLE "indicator_aggregates" ADD CONSTRAINT "indicator_aggregates_indicator_code_indicator_definitions_code_fk" FOREIGN KEY ("indicator_code") REFERENCES "public"."indicator_definitions"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_indicator_code_indicator_definitions_code_fk" FOREIGN KEY ("indicator_code") REFERENCES "public"."indicator_definitions"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "indicator_aggregates_territory_idx" ON "indicator_aggregates" USING btree ("territory_type","territory_code");--> statement-breakpoint
CREATE INDEX "indicator_values_territory_idx" ON "indicator_values" USING btree ("territory_type","territory_code");