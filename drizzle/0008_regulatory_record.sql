CREATE TABLE `incident_regulatory` (
	`incident_id` integer PRIMARY KEY NOT NULL,
	`causal_link_at` integer,
	`personal_data` text DEFAULT 'unknown' NOT NULL,
	`people_affected` integer,
	`member_states` text DEFAULT '[]' NOT NULL,
	`detection_source` text,
	`harm_limb` text,
	`model_before` text DEFAULT '' NOT NULL,
	`model_after` text DEFAULT '' NOT NULL,
	`prompt_before` text DEFAULT '' NOT NULL,
	`prompt_after` text DEFAULT '' NOT NULL,
	`dataset_before` text DEFAULT '' NOT NULL,
	`dataset_after` text DEFAULT '' NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `legal_time_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`field` text NOT NULL,
	`from_at` integer,
	`to_at` integer,
	`changed_by` text NOT NULL,
	`reason` text NOT NULL,
	`changed_at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `legal_time_changes_incident_idx` ON `legal_time_changes` (`incident_id`);--> statement-breakpoint
CREATE TABLE `regime_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`regime` text NOT NULL,
	`decision` text NOT NULL,
	`reason` text NOT NULL,
	`decided_by` text NOT NULL,
	`decided_at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `regime_decisions_incident_idx` ON `regime_decisions` (`incident_id`,`regime`);--> statement-breakpoint
CREATE TABLE `regulatory_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`regime` text NOT NULL,
	`stage` text NOT NULL,
	`reported_at` integer NOT NULL,
	`reported_by` text NOT NULL,
	`authority` text DEFAULT '' NOT NULL,
	`reference` text DEFAULT '' NOT NULL,
	`sent` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `regulatory_reports_stage_idx` ON `regulatory_reports` (`incident_id`,`regime`,`stage`);