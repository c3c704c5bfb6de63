CREATE TABLE "commander_acks" (
	"id" serial PRIMARY KEY NOT NULL,
	"incident_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"acknowledged_at" timestamp (3) with time zone NOT NULL,
	"via" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "corrective_actions" (
	"id" serial PRIMARY KEY NOT NULL,
	"incident_id" integer NOT NULL,
	"description" text NOT NULL,
	"owner_id" text,
	"due_date" text,
	"measure" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"wont_do_reason" text,
	"severity" integer,
	"occurrence" integer,
	"detection" integer,
	"done_at" timestamp (3) with time zone,
	"created_by" text,
	"updated_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "home_tabs" (
	"user_id" text PRIMARY KEY NOT NULL,
	"opened_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbound_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"dedupe_key" text NOT NULL,
	"type" text NOT NULL,
	"channel_id" text,
	"payload" jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL,
	"processed_at" timestamp (3) with time zone,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "incident_comms" (
	"incident_id" integer PRIMARY KEY NOT NULL,
	"announcement_channel_id" text,
	"announcement_ts" text,
	"pinned_update_ts" text,
	"next_update_due_at" timestamp (3) with time zone,
	"escalate_at" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"severity" text NOT NULL,
	"status" text DEFAULT 'investigating' NOT NULL,
	"category" text DEFAULT 'other' NOT NULL,
	"harm_level" text DEFAULT 'event' NOT NULL,
	"affected_system" text DEFAULT '' NOT NULL,
	"affected_version" text DEFAULT '' NOT NULL,
	"is_private" boolean DEFAULT false NOT NULL,
	"declared_by" text NOT NULL,
	"origin_channel_id" text,
	"channel_id" text,
	"channel_name" text,
	"card_ts" text,
	"impact_started_at" timestamp (3) with time zone,
	"detected_at" timestamp (3) with time zone,
	"declared_at" timestamp (3) with time zone NOT NULL,
	"acknowledged_at" timestamp (3) with time zone,
	"contained_at" timestamp (3) with time zone,
	"mitigated_at" timestamp (3) with time zone,
	"resolved_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone,
	"aware_at" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"caught_up_ts" text
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"queue" text,
	"incident_id" integer,
	"payload" jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 8 NOT NULL,
	"lease_owner" text,
	"lease_expires_at" timestamp (3) with time zone,
	"last_error" text,
	"result" jsonb,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "postmortem_drafts" (
	"id" serial PRIMARY KEY NOT NULL,
	"incident_id" integer NOT NULL,
	"version" integer NOT NULL,
	"markdown" text NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"file_id" text,
	"source_key" text
);
--> statement-breakpoint
CREATE TABLE "postmortem_reviews" (
	"incident_id" integer PRIMARY KEY NOT NULL,
	"review_date" text NOT NULL,
	"set_by" text NOT NULL,
	"set_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "raw_messages" (
	"id" serial PRIMARY KEY NOT NULL,
	"incident_id" integer NOT NULL,
	"channel_id" text NOT NULL,
	"ts" text NOT NULL,
	"thread_ts" text,
	"user_id" text,
	"text" text NOT NULL,
	"files" jsonb,
	"posted_at" timestamp (3) with time zone NOT NULL,
	"edited_at" timestamp (3) with time zone,
	"deleted_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "request_log" (
	"key" text PRIMARY KEY NOT NULL,
	"response" jsonb,
	"received_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resolutions" (
	"incident_id" integer PRIMARY KEY NOT NULL,
	"summary" text NOT NULL,
	"impact" text DEFAULT '' NOT NULL,
	"root_cause" text DEFAULT '' NOT NULL,
	"trigger" text DEFAULT '' NOT NULL,
	"whys" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"factors" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"went_well" text DEFAULT '' NOT NULL,
	"went_wrong" text DEFAULT '' NOT NULL,
	"got_lucky" text DEFAULT '' NOT NULL,
	"resolved_by" text NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role_assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"incident_id" integer NOT NULL,
	"role" text NOT NULL,
	"user_id" text NOT NULL,
	"assigned_by" text NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"ended_at" timestamp (3) with time zone,
	"ended_by" text
);
--> statement-breakpoint
CREATE TABLE "status_updates" (
	"id" serial PRIMARY KEY NOT NULL,
	"incident_id" integer NOT NULL,
	"posted_by" text NOT NULL,
	"posted_at" timestamp (3) with time zone NOT NULL,
	"severity" text NOT NULL,
	"status" text NOT NULL,
	"current_status" text NOT NULL,
	"doing_now" text DEFAULT '' NOT NULL,
	"needs" text DEFAULT '' NOT NULL,
	"executive_summary" text DEFAULT '' NOT NULL,
	"next_due_at" timestamp (3) with time zone,
	"entry_id" integer,
	"channel_ts" text
);
--> statement-breakpoint
CREATE TABLE "timeline_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"incident_id" integer NOT NULL,
	"kind" text NOT NULL,
	"source" text DEFAULT 'bot' NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"recorded_at" timestamp (3) with time zone NOT NULL,
	"actor_id" text,
	"text" text NOT NULL,
	"data" jsonb,
	"message_ts" text,
	"thread_ts" text,
	"permalink" text,
	"files" jsonb,
	"retracted_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "timeline_marks" (
	"id" serial PRIMARY KEY NOT NULL,
	"entry_id" integer NOT NULL,
	"source" text NOT NULL,
	"user_id" text NOT NULL,
	"marked_at" timestamp (3) with time zone NOT NULL,
	"unmarked_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "timeline_revisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"entry_id" integer NOT NULL,
	"text" text NOT NULL,
	"replaced_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "update_mutes" (
	"incident_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"muted_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "commander_acks" ADD CONSTRAINT "commander_acks_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "corrective_actions" ADD CONSTRAINT "corrective_actions_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_comms" ADD CONSTRAINT "incident_comms_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postmortem_drafts" ADD CONSTRAINT "postmortem_drafts_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postmortem_reviews" ADD CONSTRAINT "postmortem_reviews_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raw_messages" ADD CONSTRAINT "raw_messages_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolutions" ADD CONSTRAINT "resolutions_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_updates" ADD CONSTRAINT "status_updates_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_entries" ADD CONSTRAINT "timeline_entries_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_marks" ADD CONSTRAINT "timeline_marks_entry_id_timeline_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."timeline_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_revisions" ADD CONSTRAINT "timeline_revisions_entry_id_timeline_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."timeline_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "update_mutes" ADD CONSTRAINT "update_mutes_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "commander_acks_incident_idx" ON "commander_acks" USING btree ("incident_id","user_id");--> statement-breakpoint
CREATE INDEX "corrective_actions_incident_idx" ON "corrective_actions" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "corrective_actions_owner_idx" ON "corrective_actions" USING btree ("owner_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_events_dedupe_idx" ON "inbound_events" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "inbound_events_state_idx" ON "inbound_events" USING btree ("state","id");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_channel_id_idx" ON "incidents" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "incidents_status_idx" ON "incidents" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_key_idx" ON "jobs" USING btree ("key");--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("state","due_at");--> statement-breakpoint
CREATE INDEX "jobs_lease_idx" ON "jobs" USING btree ("state","lease_expires_at");--> statement-breakpoint
CREATE INDEX "jobs_queue_idx" ON "jobs" USING btree ("queue","id");--> statement-breakpoint
CREATE INDEX "jobs_incident_idx" ON "jobs" USING btree ("incident_id","state");--> statement-breakpoint
CREATE UNIQUE INDEX "postmortem_drafts_version_idx" ON "postmortem_drafts" USING btree ("incident_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "postmortem_drafts_source_idx" ON "postmortem_drafts" USING btree ("source_key") WHERE source_key IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "raw_messages_channel_ts_idx" ON "raw_messages" USING btree ("channel_id","ts");--> statement-breakpoint
CREATE INDEX "request_log_received_idx" ON "request_log" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "role_assignments_incident_idx" ON "role_assignments" USING btree ("incident_id","role");--> statement-breakpoint
CREATE INDEX "status_updates_incident_idx" ON "status_updates" USING btree ("incident_id","posted_at");--> statement-breakpoint
CREATE INDEX "timeline_entries_incident_idx" ON "timeline_entries" USING btree ("incident_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "timeline_entries_message_idx" ON "timeline_entries" USING btree ("incident_id","message_ts") WHERE message_ts IS NOT NULL;--> statement-breakpoint
CREATE INDEX "timeline_marks_entry_idx" ON "timeline_marks" USING btree ("entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "update_mutes_idx" ON "update_mutes" USING btree ("incident_id","user_id");