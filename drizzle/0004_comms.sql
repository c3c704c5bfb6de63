CREATE TABLE `commander_acks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`acknowledged_at` integer NOT NULL,
	`via` text NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `commander_acks_incident_idx` ON `commander_acks` (`incident_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `incident_comms` (
	`incident_id` integer PRIMARY KEY NOT NULL,
	`announcement_channel_id` text,
	`announcement_ts` text,
	`pinned_update_ts` text,
	`next_update_due_at` integer,
	`escalate_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `status_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`posted_by` text NOT NULL,
	`posted_at` integer NOT NULL,
	`severity` text NOT NULL,
	`status` text NOT NULL,
	`current_status` text NOT NULL,
	`doing_now` text DEFAULT '' NOT NULL,
	`needs` text DEFAULT '' NOT NULL,
	`executive_summary` text DEFAULT '' NOT NULL,
	`next_due_at` integer,
	`entry_id` integer,
	`channel_ts` text,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `status_updates_incident_idx` ON `status_updates` (`incident_id`,`posted_at`);--> statement-breakpoint
CREATE TABLE `update_mutes` (
	`incident_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`muted_at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `update_mutes_idx` ON `update_mutes` (`incident_id`,`user_id`);