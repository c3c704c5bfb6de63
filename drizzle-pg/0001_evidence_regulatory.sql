CREATE TABLE "evidence_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"incident_id" integer NOT NULL,
	"outcome" text NOT NULL,
	"model_ref" text DEFAULT '' NOT NULL,
	"prompts_ref" text DEFAULT '' NOT NULL,
	"samples_ref" text DEFAULT '' NOT NULL,
	"logs_ref" text DEFAULT '' NOT NULL,
	"preserved_by" text,
	"skip_reason" text,
	"for_status" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp (3) with time zone NOT NULL,
	"digest" text NOT NULL,
	"entry_id" integer
);
--> statement-breakpoint
CREATE TABLE "incident_regulatory" (
	"incident_id" integer PRIMARY KEY NOT NULL,
	"causal_link_at" timestamp (3) with time zone,
	"personal_data" text DEFAULT 'unknown' NOT NULL,
	"people_affected" integer,
	"member_states" jsonb DEFAULT '[]' NOT NULL,
	"detection_source" text,
	"harm_limb" text,
	"model_before" text DEFAULT '' NOT NULL,
	"model_after" text DEFAULT '' NOT NULL,
	"prompt_before" text DEFAULT '' NOT NULL,
	"prompt_after" text DEFAULT '' NOT NULL,
	"dataset_before" text DEFAULT '' NOT NULL,
	"dataset_after" text DEFAULT '' NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "legal_time_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"incident_id" integer NOT NULL,
	"field" text NOT NULL,
	"from_at" timestamp (3) with time zone,
	"to_at" timestamp (3) with time zone,
	"changed_by" text NOT NULL,
	"reason" text NOT NULL,
	"changed_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regime_decisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"incident_id" integer NOT NULL,
	"regime" text NOT NULL,
	"decision" text NOT NULL,
	"reason" text NOT NULL,
	"decided_by" text NOT NULL,
	"decided_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regulatory_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"incident_id" integer NOT NULL,
	"regime" text NOT NULL,
	"stage" text NOT NULL,
	"reported_at" timestamp (3) with time zone NOT NULL,
	"reported_by" text NOT NULL,
	"authority" text DEFAULT '' NOT NULL,
	"reference" text DEFAULT '' NOT NULL,
	"sent" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "timeline_chain_heads" (
	"incident_id" integer PRIMARY KEY NOT NULL,
	"digest" text NOT NULL,
	"entry_id" integer NOT NULL,
	"entries" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "timeline_entries" ADD COLUMN "corrects_id" integer;--> statement-breakpoint
ALTER TABLE "timeline_entries" ADD COLUMN "digest" text;--> statement-breakpoint
ALTER TABLE "timeline_entries" ADD COLUMN "prev_digest" text;--> statement-breakpoint
ALTER TABLE "evidence_records" ADD CONSTRAINT "evidence_records_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_regulatory" ADD CONSTRAINT "incident_regulatory_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_time_changes" ADD CONSTRAINT "legal_time_changes_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "regime_decisions" ADD CONSTRAINT "regime_decisions_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "regulatory_reports" ADD CONSTRAINT "regulatory_reports_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_chain_heads" ADD CONSTRAINT "timeline_chain_heads_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_records_incident_idx" ON "evidence_records" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "legal_time_changes_incident_idx" ON "legal_time_changes" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "regime_decisions_incident_idx" ON "regime_decisions" USING btree ("incident_id","regime");--> statement-breakpoint
CREATE UNIQUE INDEX "regulatory_reports_stage_idx" ON "regulatory_reports" USING btree ("incident_id","regime","stage");--> statement-breakpoint
CREATE UNIQUE INDEX "timeline_entries_chain_idx" ON "timeline_entries" USING btree ("incident_id","prev_digest");--> statement-breakpoint
CREATE INDEX "timeline_entries_corrects_idx" ON "timeline_entries" USING btree ("corrects_id");