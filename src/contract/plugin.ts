/**
 * What the plugin gives its host. The host mounts `web` and `api` at the paths of
 * `manifest.mounts`, shows `sidebar`, calls `start()` once it is listening and `stop()` on shutdown.
 */
import type { Hono } from 'hono';
import type { Principal } from './host.ts';

export interface SidebarEntry {
  id: string;
  label: string;
  href: string;
  icon: string;
  /** Whether to show the entry to this principal (the team has clusters or may create one). */
  visible(opts: { principal: Principal }): Promise<boolean>;
}

export interface PluginJob {
  name: string;
  /** node-cron expression. */
  schedule: string;
  run(): Promise<void>;
}

export interface ApplicationWidget {
  /** HTML fragment (escaped) for the host's application page, e.g. the swarm tasks of the application's stack. */
  render(opts: { request: Request; applicationUuid: string }): Promise<string>;
}

/** What the plugin shows on the host's page of one server (contract 1.2), e.g. its pinned SSH host key. */
export interface ServerWidget {
  render(opts: { request: Request; serverId: string }): Promise<string>;
}

export interface PluginManifest {
  id: string;
  version: string;
  contractVersion: string;
  entry: string;
  mounts: { web: string; api: string; assets: string; mcp?: string };
  sidebar: { id: string; label: string; href: string; icon: string };
  jobs: { name: string; schedule: string }[];
  settings: Record<string, { type: 'number' | 'string' | 'boolean'; default: unknown; description: string }>;
  permissions: string[];
}

/** The plugin's connections to managers and from live pages, for the host's diagnostics, benchmarks and tests. */
export interface PluginStats {
  /** One entry per server the plugin keeps an SSH connection to. */
  ssh: {
    serverId: string;
    /** Connection attempts since the plugin started (one per server while nothing fails). */
    connectsTotal: number;
    connected: boolean;
    channelsOpen: number;
    channelsPeak: number;
    /** Requests waiting for a free channel. */
    queued: number;
  }[];
  /** The pages' live streams: open ones, the clusters they watch, and the subscriptions to the event streams they hold. */
  live: { viewers: number; clusters: number; hubSubscribers: number };
}

export interface ClustersPlugin {
  manifest: PluginManifest;
  /** Browser pages (htmx partials inside the host layout). */
  web: Hono;
  /** JSON REST API. */
  api: Hono;
  /**
   * The MCP server over Streamable HTTP (`POST` JSON-RPC, bearer tokens as the API), for the host to mount at
   * `manifest.mounts.mcp`. Optional so a host also mounts a plugin without it.
   */
  mcp?: Hono;
  sidebar: SidebarEntry;
  widget: ApplicationWidget;
  /**
   * The application's swarm deploy form (contract 1.1), for the host's application page. Optional so a host
   * of 1.1 still mounts a 1.0 plugin; its forms post to the plugin's web routes with the host's CSRF header.
   */
  deployForm?: ApplicationWidget;
  /** For the host's server page (contract 1.2): the server's SSH host key, and trusting a changed one. */
  serverWidget?: ServerWidget;
  /** Applies the plugin's own migrations to the host-provided database (idempotent). */
  migrate(): void;
  jobs: PluginJob[];
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Optional so a host also mounts a plugin without it. */
  stats?(): PluginStats;
}
