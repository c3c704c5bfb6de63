DROP TABLE `processed_events`;--> statement-breakpoint
DROP TABLE `slack_steps`;--> statement-breakpoint
ALTER TABLE `postmortem_drafts` ADD `source_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `postmortem_drafts_source_idx` ON `postmortem_drafts` (`source_key`) WHERE source_key IS NOT NULL;