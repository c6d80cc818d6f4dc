CREATE TABLE `cluster_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cluster_id` integer NOT NULL,
	`event_type` text NOT NULL,
	`action` text NOT NULL,
	`actor_id` text DEFAULT '' NOT NULL,
	`actor_name` text,
	`attributes` text,
	`scope` text,
	`time_nano` text NOT NULL,
	`event_time` text NOT NULL,
	`principal` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`cluster_id`) REFERENCES `clusters`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cluster_events_dedupe_idx` ON `cluster_events` (`cluster_id`,`time_nano`,`event_type`,`action`,`actor_id`);--> statement-breakpoint
CREATE INDEX `cluster_events_time_idx` ON `cluster_events` (`cluster_id`,`event_time`);--> statement-breakpoint
CREATE INDEX `cluster_events_type_idx` ON `cluster_events` (`cluster_id`,`event_type`);--> statement-breakpoint
CREATE TABLE `cluster_servers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cluster_id` integer NOT NULL,
	`server_id` text NOT NULL,
	`node_id` text,
	`is_manager` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`cluster_id`) REFERENCES `clusters`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cluster_servers_server_idx` ON `cluster_servers` (`server_id`);--> statement-breakpoint
CREATE INDEX `cluster_servers_cluster_idx` ON `cluster_servers` (`cluster_id`);--> statement-breakpoint
CREATE TABLE `clusters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`uuid` text NOT NULL,
	`team_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`type` text DEFAULT 'swarm' NOT NULL,
	`status` text DEFAULT 'unknown' NOT NULL,
	`status_reason` text,
	`status_changed_at` text,
	`manager_server_id` text NOT NULL,
	`swarm_id` text,
	`metadata` text,
	`join_token_worker_enc` text,
	`join_token_manager_enc` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clusters_uuid_unique` ON `clusters` (`uuid`);--> statement-breakpoint
CREATE INDEX `clusters_team_idx` ON `clusters` (`team_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `clusters_team_swarm_idx` ON `clusters` (`team_id`,`swarm_id`);--> statement-breakpoint
CREATE TABLE `ssh_host_keys` (
	`server_id` text PRIMARY KEY NOT NULL,
	`fingerprint` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
