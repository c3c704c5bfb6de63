CREATE TABLE `home_tabs` (
	`user_id` text PRIMARY KEY NOT NULL,
	`opened_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `postmortem_reviews` (
	`incident_id` integer PRIMARY KEY NOT NULL,
	`review_date` text NOT NULL,
	`set_by` text NOT NULL,
	`set_at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `corrective_actions` ADD `wont_do_reason` text;--> statement-breakpoint
ALTER TABLE `corrective_actions` ADD `severity` integer;--> statement-breakpoint
ALTER TABLE `corrective_actions` ADD `occurrence` integer;--> statement-breakpoint
ALTER TABLE `corrective_actions` ADD `detection` integer;--> statement-breakpoint
ALTER TABLE `corrective_actions` ADD `done_at` integer;--> statement-breakpoint
ALTER TABLE `corrective_actions` ADD `created_by` text;--> statement-breakpoint
ALTER TABLE `corrective_actions` ADD `updated_at` integer;--> statement-breakpoint
CREATE INDEX `corrective_actions_owner_idx` ON `corrective_actions` (`owner_id`,`status`);