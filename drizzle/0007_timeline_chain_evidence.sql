CREATE TABLE `evidence_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`outcome` text NOT NULL,
	`model_ref` text DEFAULT '' NOT NULL,
	`prompts_ref` text DEFAULT '' NOT NULL,
	`samples_ref` text DEFAULT '' NOT NULL,
	`logs_ref` text DEFAULT '' NOT NULL,
	`preserved_by` text,
	`skip_reason` text,
	`for_status` text NOT NULL,
	`recorded_by` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`digest` text NOT NULL,
	`entry_id` integer,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evidence_records_incident_idx` ON `evidence_records` (`incident_id`);--> statement-breakpoint
CREATE TABLE `timeline_chain_heads` (
	`incident_id` integer PRIMARY KEY NOT NULL,
	`digest` text NOT NULL,
	`entry_id` integer NOT NULL,
	`entries` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `timeline_entries` ADD `corrects_id` integer;--> statement-breakpoint
ALTER TABLE `timeline_entries` ADD `digest` text;--> statement-breakpoint
ALTER TABLE `timeline_entries` ADD `prev_digest` text;--> statement-breakpoint
CREATE UNIQUE INDEX `timeline_entries_chain_idx` ON `timeline_entries` (`incident_id`,`prev_digest`);--> statement-breakpoint
CREATE INDEX `timeline_entries_corrects_idx` ON `timeline_entries` (`corrects_id`);