ALTER TABLE `job_items` ADD `search` text;--> statement-breakpoint
-- Items stored before this migration are found by their title until their job is purged.
UPDATE `job_items` SET `search` = lower(`title`) WHERE `title` IS NOT NULL;
