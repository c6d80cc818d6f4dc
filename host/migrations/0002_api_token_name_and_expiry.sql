ALTER TABLE `api_tokens` ADD `name` text;--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `expires_at` integer;