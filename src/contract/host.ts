/**
 * The host contract: what a panel must provide to mount the clusters plugin.
 * Every service is a narrow async interface (options objects in, plain objects out)
 * so any panel — not only the reference host — can implement it.
 */
import type Database from 'better-sqlite3';

/**
 * Semver of this file: the major moves on a breaking change, the minor when members are added (each marked with
 * the minor that added it). A host of an older minor still mounts the plugin, which goes without what it lacks.
 */
export const CONTRACT_VERSION = '1.4.0';

export type TeamRole = 'owner' | 'admin' | 'member' | 'viewer';
export type Ability = 'read' | 'write';

/** A server the host knows, as the plugin sees it. The private key is fetched separately, when connecting. */
export interface HostServer {
  id: string;
  teamId: string;
  name: string;
  ip: string;
  port: number;
  user: string;
  swarmManager: boolean;
  swarmWorker: boolean;
  /** Path of the Docker socket on that server; the host's default is `/var/run/docker.sock`. */
  dockerSocketPath: string;
  /**
   * How the plugin reaches the server's engine (contract 1.3; absent means `ssh`). `local`: the machine the panel
   * runs on, through its Docker socket at `dockerSocketPath`, with no SSH (`port`, `user` and `privateKey` are not
   * used; `ip` is still how the swarm knows the machine, for linking it to its node).
   */
  transport?: 'ssh' | 'local';
}

/** One server of the cluster an action is on, as `auth.authorize` receives it (contract 1.3). */
export interface ClusterServerRef {
  serverId: string;
  /** Whether the plugin reaches the swarm through it. */
  manager: boolean;
}

/** Who is making a request. `abilities` limits API tokens; a browser session has both. */
export interface Principal {
  userId: string;
  teamId: string;
  role: TeamRole;
  email: string;
  abilities: Ability[];
  via: 'session' | 'token';
}

/** Actions the plugin asks the host to authorize. */
export type ClusterAction =
  | 'cluster.view'
  | 'cluster.create'
  | 'cluster.update'
  | 'cluster.delete'
  | 'cluster.operate'
  /** Reading swarm join tokens. The plugin also requires the `write` ability for it, whatever the host answers. */
  | 'cluster.join-tokens';

export interface HostNotification {
  /** Stable machine name, e.g. `cluster.degraded`. */
  event: string;
  level: 'info' | 'warning' | 'error' | 'success';
  title: string;
  message: string;
  /** Path (on the host's origin) of the page that shows what happened (optional: a host that ignores it shows no link). */
  link?: string;
  data?: Record<string, unknown>;
}

export interface HostApplication {
  uuid: string;
  teamId: string;
  name: string;
  serverId: string | null;
  /** Image a swarm deploy runs (contract 1.1; absent from older hosts). */
  image?: string | null;
  /** Arguments replacing the image's CMD, as one line split into words (contract 1.1). */
  command?: string | null;
  /** The application's swarm deploy settings as the host stores them (opaque to the host). */
  swarmSettings: Record<string, unknown> | null;
}

/** What the host's deployer says it did (contract 1.3), shown beside the form. */
export interface HostDeployOutcome {
  /** One line, e.g. "deployment #12 queued". */
  message: string;
  /** Path (on the host's origin) of the page that follows the deployment, if any. */
  link?: string;
}

export interface HostLogger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export interface LayoutPage {
  title: string;
  /** Rendered, already-escaped HTML of the page body. */
  body: string;
  /** Request whose principal the layout is for (sidebar, user menu). */
  request: Request;
  /** Sidebar entry id to highlight. */
  active?: string;
  /**
   * Rendered, already-escaped HTML for the end of the document's head (contract 1.4): the plugin's stylesheets and
   * deferred scripts. In the head, the browser has the stylesheet before it lays out anything; a stylesheet in the
   * body stops the parser there, and the layout around it is laid out and painted once without it, then again.
   */
  head?: string;
}

export interface HostServices {
  servers: {
    listForTeam(opts: { teamId: string }): Promise<HostServer[]>;
    get(opts: { teamId: string; serverId: string }): Promise<HostServer | null>;
    /** PEM/OpenSSH private key of a server; called when connecting, never stored by the plugin. */
    privateKey(opts: { serverId: string }): Promise<string>;
  };
  auth: {
    /** The authenticated principal of a request (session cookie or bearer token), or null. */
    principal(opts: { request: Request }): Promise<Principal | null>;
    /**
     * Whether the principal may perform the action on a resource of the given team. `servers` (contract 1.3): the
     * servers of the cluster the action is on, or of the cluster being created; absent for actions on no one cluster
     * (listing, detecting). A host that restricts members to some servers refuses when one is not theirs.
     */
    authorize(opts: { principal: Principal; action: ClusterAction; teamId: string; servers?: ClusterServerRef[] }): Promise<boolean>;
  };
  notifications: {
    notify(opts: { teamId: string; notification: HostNotification }): Promise<void>;
  };
  crypto: {
    encrypt(opts: { plaintext: string }): Promise<string>;
    decrypt(opts: { ciphertext: string }): Promise<string>;
  };
  layout: {
    render(page: LayoutPage): Promise<string>;
  };
  database: {
    /** The SQLite handle the plugin keeps its own tables in (it never alters the host's). */
    sqlite: Database.Database;
  };
  logger: HostLogger;
  applications: {
    listForTeam(opts: { teamId: string }): Promise<HostApplication[]>;
    get(opts: { teamId: string; uuid: string }): Promise<HostApplication | null>;
    saveSwarmSettings(opts: { teamId: string; uuid: string; settings: Record<string, unknown> }): Promise<void>;
    /**
     * The host's own deployer (contract 1.3, optional). When present, the deploy form's "Deploy" saves the settings,
     * then hands them (as saved, with their `compose` mapping) to this instead of deploying through the Engine API.
     * What it resolves with is shown to the user; a rejection is an internal error (logged, not shown).
     */
    deploySwarm?(opts: { principal: Principal; application: HostApplication; settings: Record<string, unknown> }): Promise<HostDeployOutcome>;
  };
}

/** What the host tells the plugin about itself, checked at mount time. */
export interface HostInfo {
  name: string;
  contractVersion: string;
  /** Where the host mounts the plugin's sub-apps, e.g. `/clusters` and `/api/v1/clusters`. */
  mounts: { web: string; api: string };
}

export interface PluginSettings {
  /** Seconds between periodic syncs of every cluster. */
  syncIntervalSeconds: number;
  /** Days of swarm events kept in `cluster_events`. */
  eventRetentionDays: number;
  /** Seconds a service may stay below its desired replicas before `service.short` is sent. */
  shortServiceGraceSeconds: number;
  /** Whether a sync links the team's known servers to the nodes that have their address. */
  autoLinkNodes: boolean;
  /** A node changing state more than four times within this many seconds is announced once as flapping. */
  flapWindowSeconds: number;
  /** Days a sent notification is kept in the outbox (`cluster_notifications`); unsent ones are kept until sent. */
  notificationRetentionDays: number;
  cacheTtlSeconds: {
    info: number;
    nodes: number;
    services: number;
    tasks: number;
    resources: number;
    joinTokens: number;
  };
  /**
   * How long the plugin waits for managers. Reads race the managers and answer within `read`, with the last
   * known data (stale) when none answered; writes wait up to `request` on one manager.
   */
  timeoutsMs: {
    /** A read answers within this, from whichever manager answers first. */
    read: number;
    /** A manager that has not answered a read after this: the next one is asked as well. */
    readHedge: number;
    /** Deadline of a write (and of any request that is not a read) on one manager. */
    request: number;
    /** SSH connect, handshake and authentication. */
    sshHandshake: number;
    /** Opening a channel on a live connection; past it the connection is taken for dead and dropped. */
    sshChannelOpen: number;
    /** Between SSH keepalive probes; a connection with three unanswered is closed. */
    sshKeepaliveInterval: number;
  };
  /** Long-lived streams (followed logs, event streams): their own SSH connections, capped. */
  streams: {
    /** Streams one user may hold open at once; more are refused with 429. */
    perUser: number;
    /** Streams open at once to one server, over connections of their own. */
    perServer: number;
  };
  /** A cluster that no manager answered for this long is unreachable (a leader election is not an outage). */
  unreachableAfterSeconds: number;
  /** How long one service's rolling update may take during a secret or config rotation before the rotation stops. */
  rotationConvergeSeconds: number;
  /** How long after a stack deploy its services are watched for a failure to announce (`stack.deploy_failed`). */
  stackDeployWatchSeconds: number;
  /** The per-application parts (contract 1.3), for hosts that deploy applications themselves. */
  applications: {
    /** Whether the plugin offers its deploy form (`deployForm` and its routes); off for a host with its own. */
    deployForm: boolean;
    /** The service label whose value is the application's uuid, by which the task widget finds its tasks. */
    taskLabel: string;
  };
}

/** Settings as a host passes them: any of them, groups key by key (the rest are the manifest's defaults). */
export type PluginSettingsOverrides = {
  [K in keyof PluginSettings]?: PluginSettings[K] extends object ? Partial<PluginSettings[K]> : PluginSettings[K];
};
