DROP INDEX "referrals_inbox_idx";--> statement-breakpoint
DROP INDEX "referrals_sender_idx";--> statement-breakpoint
CREATE INDEX "referrals_inbox_idx" ON "referrals" USING btree ("to_organisation_id","created_at","id");--> statement-breakpoint
CREATE INDEX "referrals_sender_idx" ON "referrals" USING btree ("from_organisation_id","created_at","id");