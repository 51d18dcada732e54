CREATE TABLE "search_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "search_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"kind" text DEFAULT 'service' NOT NULL,
	"service_ids" uuid[],
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "search_changes_xid_idx" ON "search_changes" USING btree ("xid");--> statement-breakpoint
CREATE INDEX "search_changes_changed_at_idx" ON "search_changes" USING btree ("changed_at");--> statement-breakpoint
-- Every write to services is logged for the in-memory search indexes: one row per statement, with the ids.
CREATE OR REPLACE FUNCTION services_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'TRUNCATE' THEN
		INSERT INTO search_changes (kind) VALUES ('all');
	ELSIF TG_OP = 'DELETE' THEN
		INSERT INTO search_changes (service_ids) SELECT array_agg(id) FROM old_rows HAVING count(*) > 0;
	ELSE
		INSERT INTO search_changes (service_ids) SELECT array_agg(id) FROM new_rows HAVING count(*) > 0;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER services_search_inserted AFTER INSERT ON services REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION services_search_changed();
--> statement-breakpoint
CREATE TRIGGER services_search_updated AFTER UPDATE ON services REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION services_search_changed();
--> statement-breakpoint
CREATE TRIGGER services_search_deleted AFTER DELETE ON services REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION services_search_changed();
--> statement-breakpoint
CREATE TRIGGER services_search_truncated AFTER TRUNCATE ON services
	FOR EACH STATEMENT EXECUTE FUNCTION services_search_changed();
