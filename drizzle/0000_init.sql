CREATE TABLE `corrective_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`description` text NOT NULL,
	`owner_id` text,
	`due_date` text,
	`measure` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `corrective_actions_incident_idx` ON `corrective_actions` (`incident_id`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`severity` text NOT NULL,
	`status` text DEFAULT 'investigating' NOT NULL,
	`category` text DEFAULT 'other' NOT NULL,
	`harm_level` text DEFAULT 'event' NOT NULL,
	`affected_system` text DEFAULT '' NOT NULL,
	`affected_version` text DEFAULT '' NOT NULL,
	`is_private` integer DEFAULT false NOT NULL,
	`declared_by` text NOT NULL,
	`origin_channel_id` text,
	`channel_id` text,
	`channel_name` text,
	`card_ts` text,
	`impact_started_at` integer,
	`detected_at` integer,
	`declared_at` integer NOT NULL,
	`acknowledged_at` integer,
	`contained_at` integer,
	`mitigated_at` integer,
	`resolved_at` integer,
	`closed_at` integer,
	`aware_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_channel_id_idx` ON `incidents` (`channel_id`);--> statement-breakpoint
CREATE INDEX `incidents_status_idx` ON `incidents` (`status`);--> statement-breakpoint
CREATE TABLE `postmortem_drafts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`version` integer NOT NULL,
	`markdown` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`file_id` text,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `postmortem_drafts_version_idx` ON `postmortem_drafts` (`incident_id`,`version`);--> statement-breakpoint
CREATE TABLE `processed_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `raw_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`channel_id` text NOT NULL,
	`ts` text NOT NULL,
	`thread_ts` text,
	`user_id` text,
	`text` text NOT NULL,
	`files` text,
	`posted_at` integer NOT NULL,
	`edited_at` integer,
	`deleted_at` integer,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `raw_messages_channel_ts_idx` ON `raw_messages` (`channel_id`,`ts`);--> statement-breakpoint
CREATE TABLE `resolutions` (
	`incident_id` integer PRIMARY KEY NOT NULL,
	`summary` text NOT NULL,
	`impact` text DEFAULT '' NOT NULL,
	`root_cause` text DEFAULT '' NOT NULL,
	`trigger` text DEFAULT '' NOT NULL,
	`whys` text DEFAULT '[]' NOT NULL,
	`factors` text DEFAULT '{}' NOT NULL,
	`went_well` text DEFAULT '' NOT NULL,
	`went_wrong` text DEFAULT '' NOT NULL,
	`got_lucky` text DEFAULT '' NOT NULL,
	`resolved_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `role_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`role` text NOT NULL,
	`user_id` text NOT NULL,
	`assigned_by` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`ended_by` text,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `role_assignments_incident_idx` ON `role_assignments` (`incident_id`,`role`);--> statement-breakpoint
CREATE TABLE `slack_steps` (
	`incident_id` integer NOT NULL,
	`step` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`result` text,
	`last_error` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`incident_id`, `step`),
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `timeline_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`kind` text NOT NULL,
	`source` text DEFAULT 'bot' NOT NULL,
	`occurred_at` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	`actor_id` text,
	`text` text NOT NULL,
	`data` text,
	`message_ts` text,
	`thread_ts` text,
	`permalink` text,
	`files` text,
	`retracted_at` integer,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `timeline_entries_incident_idx` ON `timeline_entries` (`incident_id`,`occurred_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `timeline_entries_message_idx` ON `timeline_entries` (`incident_id`,`message_ts`) WHERE message_ts IS NOT NULL;--> statement-breakpoint
CREATE TABLE `timeline_marks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`source` text NOT NULL,
	`user_id` text NOT NULL,
	`marked_at` integer NOT NULL,
	`unmarked_at` integer,
	FOREIGN KEY (`entry_id`) REFERENCES `timeline_entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `timeline_marks_entry_idx` ON `timeline_marks` (`entry_id`);--> statement-breakpoint
CREATE TABLE `timeline_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`text` text NOT NULL,
	`replaced_at` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `timeline_entries`(`id`) ON UPDATE no action ON DELETE no action
);
