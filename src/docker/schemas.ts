/**
 * Engine API objects as we read them. Loose objects: fields we do not use pass through untouched, so a spec
 * read here can be written back whole (read-modify-write) without dropping what a newer engine added.
 */
import { z } from 'zod';

// Go encodes nil maps and slices as null; callers get {} / [] instead.
const labels = z.preprocess((value) => value ?? {}, z.record(z.string(), z.string()));
const listOf = <T extends z.ZodType>(item: T) => z.preprocess((value) => value ?? [], z.array(item));
const objectVersion = z.looseObject({ Index: z.number().int() });

export const VersionSchema = z.looseObject({
  Version: z.string(),
  ApiVersion: z.string(),
  MinAPIVersion: z.string().optional(),
  Os: z.string().optional(),
  Arch: z.string().optional(),
  KernelVersion: z.string().optional(),
});

export const InfoSchema = z.looseObject({
  ID: z.string().optional(),
  Name: z.string(),
  ServerVersion: z.string(),
  NCPU: z.number().optional(),
  MemTotal: z.number().optional(),
  Swarm: z.looseObject({
    LocalNodeState: z.string(),
    NodeID: z.string(),
    NodeAddr: z.string().optional(),
    ControlAvailable: z.boolean(),
    Error: z.string().optional(),
    Nodes: z.number().int().optional(),
    Managers: z.number().int().optional(),
    Cluster: z.looseObject({ ID: z.string() }).nullish(),
    RemoteManagers: listOf(z.looseObject({ NodeID: z.string(), Addr: z.string() })).optional(),
  }),
});

export const SwarmSchema = z.looseObject({
  ID: z.string(),
  CreatedAt: z.string(),
  UpdatedAt: z.string(),
  Version: objectVersion,
  Spec: z.looseObject({}).optional(),
  JoinTokens: z.looseObject({ Worker: z.string(), Manager: z.string() }),
});

export const NodeSpecSchema = z.looseObject({
  Name: z.string().optional(),
  Labels: labels,
  Role: z.enum(['worker', 'manager']),
  Availability: z.enum(['active', 'pause', 'drain']),
});

export const NodeSchema = z.looseObject({
  ID: z.string(),
  Version: objectVersion,
  CreatedAt: z.string(),
  UpdatedAt: z.string(),
  Spec: NodeSpecSchema,
  Description: z.looseObject({
    Hostname: z.string(),
    Platform: z.looseObject({ Architecture: z.string().optional(), OS: z.string().optional() }).optional(),
    Resources: z.looseObject({ NanoCPUs: z.number(), MemoryBytes: z.number() }),
    Engine: z.looseObject({ EngineVersion: z.string(), Labels: labels.optional() }),
  }),
  Status: z.looseObject({
    State: z.string(),
    Message: z.string().optional(),
    Addr: z.string(),
  }),
  ManagerStatus: z
    .looseObject({
      Leader: z.boolean().optional(),
      Reachability: z.string(),
      Addr: z.string(),
    })
    .optional(),
});

const portConfig = z.looseObject({
  Name: z.string().optional(),
  Protocol: z.string().optional(),
  TargetPort: z.number().int().optional(),
  PublishedPort: z.number().int().optional(),
  PublishMode: z.string().optional(),
});

export const ServiceSpecSchema = z.looseObject({
  Name: z.string(),
  Labels: labels,
  Mode: z.looseObject({
    Replicated: z.looseObject({ Replicas: z.number().int().optional() }).optional(),
    Global: z.looseObject({}).optional(),
    ReplicatedJob: z.looseObject({}).optional(),
    GlobalJob: z.looseObject({}).optional(),
  }),
  TaskTemplate: z.looseObject({
    ContainerSpec: z.looseObject({ Image: z.string() }).optional(),
    ForceUpdate: z.number().int().optional(),
  }),
});

export const ServiceSchema = z.looseObject({
  ID: z.string(),
  Version: objectVersion,
  CreatedAt: z.string(),
  UpdatedAt: z.string(),
  Spec: ServiceSpecSchema,
  PreviousSpec: ServiceSpecSchema.optional(),
  Endpoint: z.looseObject({ Ports: listOf(portConfig).optional() }).optional(),
  ServiceStatus: z
    .looseObject({
      RunningTasks: z.number().int(),
      DesiredTasks: z.number().int(),
      CompletedTasks: z.number().int().optional(),
    })
    .optional(),
  UpdateStatus: z
    .looseObject({
      State: z.string(),
      StartedAt: z.string().optional(),
      CompletedAt: z.string().optional(),
      Message: z.string().optional(),
    })
    .optional(),
});

/**
 * A service's ID and name and nothing else: what naming the tasks of a task list takes. Read as a list, the rest of
 * each service (specs, endpoint, status: 1.7 MB at 1,000 services) is cut before it is parsed.
 */
export const ServiceNameSchema = z.object({
  ID: z.string(),
  Spec: z.object({ Name: z.string() }),
});

export const TaskSchema = z.looseObject({
  ID: z.string(),
  Version: objectVersion.optional(),
  CreatedAt: z.string(),
  UpdatedAt: z.string(),
  ServiceID: z.string(),
  NodeID: z.string().optional(),
  Slot: z.number().int().optional(),
  Labels: labels.optional(),
  Spec: z.looseObject({ ContainerSpec: z.looseObject({ Image: z.string().optional() }).optional() }).optional(),
  Status: z.looseObject({
    Timestamp: z.string(),
    State: z.string(),
    Message: z.string().optional(),
    Err: z.string().optional(),
    ContainerStatus: z.looseObject({ ContainerID: z.string().optional(), ExitCode: z.number().optional() }).optional(),
  }),
  DesiredState: z.string(),
});

/**
 * The fields of a task the views use (summaries, counts, the visualizer) and only those: the list behind them is
 * read whole, 12 MB at 10,000 tasks, so the rest of each task (its spec, its network attachments) is dropped as
 * it is read instead of validated and kept.
 */
export const TaskRecordSchema = z.object({
  ID: z.string(),
  CreatedAt: z.string(),
  UpdatedAt: z.string(),
  ServiceID: z.string(),
  NodeID: z.string().optional(),
  Slot: z.number().int().optional(),
  Spec: z.object({ ContainerSpec: z.object({ Image: z.string().optional() }).optional() }).optional(),
  Status: z.object({
    State: z.string(),
    Message: z.string().optional(),
    Err: z.string().optional(),
    ContainerStatus: z.object({ ContainerID: z.string().optional() }).optional(),
  }),
  DesiredState: z.string(),
});

/**
 * A task's node and desired state and nothing else: what counting each node's tasks takes. Read as a list, the rest
 * of each task (spec, status, network attachments: 12 MB at 10,000 tasks) is cut before it is parsed.
 */
export const TaskPlacementSchema = z.object({
  NodeID: z.string().optional(),
  DesiredState: z.string(),
});

export const EventSchema = z.looseObject({
  Type: z.string(),
  Action: z.string(),
  Actor: z.looseObject({ ID: z.string(), Attributes: labels }),
  scope: z.string().optional(),
  time: z.number().int(),
  /** Exact nanoseconds as decimal text (see parseEventLine: a double cannot hold them). */
  timeNano: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform((value) => String(value)),
});

const namedObjectSpec = z.looseObject({ Name: z.string(), Labels: labels });

export const SecretSchema = z.looseObject({
  ID: z.string(),
  Version: objectVersion,
  CreatedAt: z.string(),
  UpdatedAt: z.string(),
  Spec: namedObjectSpec,
});

export const ConfigSchema = z.looseObject({
  ID: z.string(),
  Version: objectVersion,
  CreatedAt: z.string(),
  UpdatedAt: z.string(),
  Spec: namedObjectSpec.extend({ Data: z.string().optional() }),
});

/** The answer to creating a secret or a config. */
export const CreatedObjectSchema = z.looseObject({ ID: z.string() });

export const NetworkSchema = z.looseObject({
  Id: z.string(),
  Name: z.string(),
  Driver: z.string().optional(),
  Scope: z.string().optional(),
  Labels: z.preprocess((value) => value ?? {}, z.record(z.string(), z.string())),
});

/** The answer to creating a service: its id and Docker's warnings about the spec. */
export const ServiceCreatedSchema = z.looseObject({ ID: z.string(), Warning: z.string().optional(), Warnings: listOf(z.string()).optional() });

export const ServiceUpdateResponseSchema = z.looseObject({ Warnings: listOf(z.string()).optional() });

/** Log output, split into lines (the Engine sends frames; log-stream.ts reads them). */
export type LogStreamName = 'stdout' | 'stderr';

export interface LogLine {
  stream: LogStreamName;
  text: string;
  /** The task and node the line came from (service logs read with details). */
  taskId?: string;
  nodeId?: string;
}

export type EngineVersion = z.infer<typeof VersionSchema>;
export type EngineInfo = z.infer<typeof InfoSchema>;
export type EngineSwarm = z.infer<typeof SwarmSchema>;
export type EngineNode = z.infer<typeof NodeSchema>;
export type EngineNodeSpec = z.infer<typeof NodeSpecSchema>;
export type EngineService = z.infer<typeof ServiceSchema>;
export type EngineServiceSpec = z.infer<typeof ServiceSpecSchema>;
export type EngineServiceName = z.infer<typeof ServiceNameSchema>;
export type EngineTask = z.infer<typeof TaskSchema>;
export type EngineTaskRecord = z.infer<typeof TaskRecordSchema>;
export type EngineTaskPlacement = z.infer<typeof TaskPlacementSchema>;
export type EngineEvent = z.infer<typeof EventSchema>;
export type EngineSecret = z.infer<typeof SecretSchema>;
export type EngineConfig = z.infer<typeof ConfigSchema>;
export type EngineNetwork = z.infer<typeof NetworkSchema>;
/** What creating a secret or config sends: `Data` is the content, base64-encoded. */
export interface EngineObjectSpec {
  Name: string;
  Labels: Record<string, string>;
  Data: string;
}
