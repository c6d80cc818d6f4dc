CREATE TABLE `swarm_object_rotations` (
	`id` text PRIMARY KEY NOT NULL,
	`cluster_id` integer NOT NULL,
	`kind` text NOT NULL,
	`family` text NOT NULL,
	`from_id` text NOT NULL,
	`from_name` text NOT NULL,
	`to_id` text NOT NULL,
	`to_name` text NOT NULL,
	`status` text NOT NULL,
	`steps` text NOT NULL,
	`started_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`cluster_id`) REFERENCES `clusters`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `swarm_object_rotations_family_idx` ON `swarm_object_rotations` (`cluster_id`,`kind`,`family`);--> statement-breakpoint
CREATE TABLE `swarm_objects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cluster_id` integer NOT NULL,
	`kind` text NOT NULL,
	`docker_id` text NOT NULL,
	`name` text NOT NULL,
	`family` text NOT NULL,
	`version` integer NOT NULL,
	`created_by` text NOT NULL,
	`rotated_from` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`cluster_id`) REFERENCES `clusters`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `swarm_objects_docker_idx` ON `swarm_objects` (`cluster_id`,`kind`,`docker_id`);--> statement-breakpoint
CREATE INDEX `swarm_objects_family_idx` ON `swarm_objects` (`cluster_id`,`kind`,`family`);