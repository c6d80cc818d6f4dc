/** The JSON of nodes, services, tasks and what the API's reads and operations of them answer. */
import { z } from '@hono/zod-openapi';
import { fetchedMetaSchema } from '../openapi.ts';

const time = z.string().meta({ description: 'ISO 8601' });
const labels = z.record(z.string(), z.string());

export const nodeSchema = z
  .strictObject({
    id: z.string().meta({ description: 'The swarm node id; routes also take the hostname' }),
    hostname: z.string(),
    role: z.enum(['manager', 'worker']),
    status: z.string().meta({ description: 'ready, down, unknown, disconnected' }),
    statusMessage: z.string().nullable(),
    availability: z.string().meta({ description: 'active, pause or drain' }),
    ip: z.string().nullable(),
    engineVersion: z.string().nullable(),
    os: z.string().nullable(),
    architecture: z.string().nullable(),
    cpuCores: z.number(),
    memoryBytes: z.number(),
    labels,
    isLeader: z.boolean(),
    managerReachability: z.string().nullable(),
    managerAddr: z.string().nullable(),
    taskCount: z.number().meta({ description: 'Tasks the swarm wants running on the node' }),
    createdAt: time.nullable(),
    updatedAt: time.nullable(),
  })
  .openapi('Node');

export const serviceSchema = z
  .strictObject({
    id: z.string().meta({ description: 'The Docker service id; routes also take the name' }),
    name: z.string(),
    image: z.string(),
    mode: z.enum(['replicated', 'global', 'replicated-job', 'global-job']),
    replicasRunning: z.number(),
    replicasDesired: z.number(),
    replicasShort: z.boolean().meta({ description: 'Fewer replicas running than desired' }),
    ports: z.array(z.strictObject({ protocol: z.string(), targetPort: z.number(), publishedPort: z.number().nullable(), publishMode: z.string() })),
    labels,
    stack: z.string().nullable(),
    updateState: z.string().nullable(),
    updateMessage: z.string().nullable(),
    createdAt: time.nullable(),
    updatedAt: time.nullable(),
  })
  .openapi('Service');

/** A read of the services, filtered and paged. */
export const servicePageMetaSchema = fetchedMetaSchema
  .extend({
    matching: z.number().meta({ description: 'Services matching the filters' }),
    total: z.number().meta({ description: 'Services in the swarm' }),
    offset: z.number(),
    limit: z.number().nullable().meta({ description: 'The page size; null: every match' }),
  })
  .openapi('ServicePageMeta');

export const taskSchema = z
  .strictObject({
    id: z.string(),
    serviceId: z.string(),
    serviceName: z.string().nullable(),
    nodeId: z.string().nullable(),
    slot: z.number().nullable(),
    state: z.string(),
    stateKind: z.enum(['running', 'pending', 'failed', 'stopped']),
    desiredState: z.string(),
    message: z.string().nullable(),
    error: z.string().nullable(),
    containerId: z.string().nullable(),
    image: z.string().nullable(),
    createdAt: time.nullable(),
    updatedAt: time.nullable(),
  })
  .openapi('Task');

export const visualizerNodeSchema = nodeSchema.extend({ tasks: z.array(taskSchema) }).openapi('VisualizerNode');

const logLineSchema = z.strictObject({
  stream: z.enum(['stdout', 'stderr']),
  text: z.string(),
  taskId: z.string().optional(),
  nodeId: z.string().optional(),
});
const serviceRefSchema = z.strictObject({ id: z.string(), name: z.string() });
export const truncatedMetaSchema = z.strictObject({
  truncated: z.boolean().meta({ description: 'The read stopped at its size or time bound before the log ended' }),
});

export const serviceLogsSchema = z.strictObject({ service: serviceRefSchema, lines: z.array(logLineSchema) });
export const taskLogsSchema = serviceLogsSchema.extend({
  service: serviceRefSchema.extend({ stack: z.string().nullable().meta({ description: 'The stack the service is part of' }) }),
  task: z.strictObject({ id: z.string(), slot: z.number().nullable(), nodeId: z.string().nullable() }),
});

const percent = z.number().nullable();
export const nodeResourcesSchema = z
  .strictObject({
    nodeId: z.string(),
    source: z.enum(['measured', 'capacity', 'failed']).meta({ description: 'measured over SSH; capacity: no known server for the node; failed' }),
    serverName: z.string().nullable(),
    usage: z
      .strictObject({
        cpuPercent: percent,
        load: z.tuple([z.number(), z.number(), z.number()]).nullable(),
        memoryTotalBytes: z.number().nullable(),
        memoryUsedBytes: z.number().nullable(),
        diskTotalBytes: z.number().nullable(),
        diskUsedBytes: z.number().nullable(),
        memoryPercent: percent,
        diskPercent: percent,
      })
      .nullable(),
    error: z.string().nullable(),
    readAt: time.nullable(),
    stale: z.boolean().meta({ description: 'true when the node did not answer by the read deadline: its last reading' }),
  })
  .openapi('NodeResources');

export const drainImpactSchema = z.strictObject({
  tasks: z.number().meta({ description: 'Tasks that leave the node' }),
  rescheduled: z.number().meta({ description: 'Of those, tasks of replicated services, started again elsewhere' }),
  stopped: z.number().meta({ description: 'Tasks of global services, which just stop' }),
});

export const availabilityResultSchema = z.strictObject({
  node: nodeSchema,
  impact: drainImpactSchema.nullable().meta({ description: 'For a drain: the tasks that leave the node' }),
});

export const nodeRemovalSchema = z.strictObject({ removed: z.string(), hostname: z.string(), warning: z.string().nullable() });

export const joinCommandSchema = z.strictObject({
  role: z.enum(['worker', 'manager']),
  token: z.string(),
  managerAddr: z.string(),
  command: z.string().meta({ description: '`docker swarm join --token <token> <addr>`' }),
  args: z.array(z.string()).meta({ description: 'The same as an argument vector (no shell)' }),
  stale: z.boolean().meta({ description: 'No manager answered: the stored token and address' }),
});

export const serviceWriteSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  warnings: z.array(z.string()).meta({ description: 'Docker’s warnings about the new spec' }),
});
export const scaleResultSchema = serviceWriteSchema.extend({ replicas: z.number(), previous: z.number() });

export const serviceProgressFields = {
  serviceId: z.string(),
  name: z.string(),
  mode: z.enum(['replicated', 'global', 'replicated-job', 'global-job']),
  desired: z.number(),
  running: z.number(),
  updated: z.number().meta({ description: 'Running tasks on the current spec' }),
  stopping: z.number(),
  updateState: z.string().nullable(),
  updateMessage: z.string().nullable(),
  phase: z.enum(['converged', 'converging', 'updating', 'rolling-back', 'paused', 'failed']),
  settled: z.boolean().meta({ description: 'Nothing more will happen without someone acting' }),
  problem: z.string().nullable(),
};
export const serviceProgressSchema = z.strictObject(serviceProgressFields).openapi('ServiceProgress');
