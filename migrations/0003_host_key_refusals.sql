ALTER TABLE `ssh_host_keys` ADD `refused_fingerprint` text;--> statement-breakpoint
ALTER TABLE `ssh_host_keys` ADD `refused_at` text;