ALTER TABLE `applications` ADD `image` text;--> statement-breakpoint
ALTER TABLE `applications` ADD `command` text;