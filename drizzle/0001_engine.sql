CREATE TABLE `inbound_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dedupe_key` text NOT NULL,
	`type` text NOT NULL,
	`channel_id` text,
	`payload` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`received_at` integer NOT NULL,
	`processed_at` integer,
	`error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_events_dedupe_idx` ON `inbound_events` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `inbound_events_state_idx` ON `inbound_events` (`state`,`id`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`queue` text,
	`incident_id` integer,
	`payload` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`due_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer DEFAULT 8 NOT NULL,
	`lease_owner` text,
	`lease_expires_at` integer,
	`last_error` text,
	`result` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_key_idx` ON `jobs` (`key`);--> statement-breakpoint
CREATE INDEX `jobs_due_idx` ON `jobs` (`state`,`due_at`);--> statement-breakpoint
CREATE INDEX `jobs_lease_idx` ON `jobs` (`state`,`lease_expires_at`);--> statement-breakpoint
CREATE INDEX `jobs_queue_idx` ON `jobs` (`queue`,`id`);--> statement-breakpoint
CREATE INDEX `jobs_incident_idx` ON `jobs` (`incident_id`,`state`);--> statement-breakpoint
CREATE TABLE `request_log` (
	`key` text PRIMARY KEY NOT NULL,
	`response` text,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `request_log_received_idx` ON `request_log` (`received_at`);--> statement-breakpoint
ALTER TABLE `incidents` ADD `caught_up_ts` text;