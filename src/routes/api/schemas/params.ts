/** The API's path parameters: what a caller passes, and where to find it. */
import { z } from '@hono/zod-openapi';
import { stackNameSchema } from '../../../services/stack-inputs.ts';

const param = (description: string) => z.string().meta({ description });

export const clusterParams = z.object({ uuid: param('The cluster’s uuid, from `GET /`') });
export const nodeParams = clusterParams.extend({ nodeId: param('A node id or hostname, from `GET /{uuid}/nodes`') });
export const serviceParams = clusterParams.extend({ serviceId: param('A service id or name, from `GET /{uuid}/services`') });
export const taskParams = clusterParams.extend({ taskId: param('A task id, from `GET /{uuid}/tasks`') });
export const swarmObjectParams = clusterParams.extend({ id: param('The id or name of the secret or config, from its list') });
export const rotationParams = clusterParams.extend({ rotationId: param('The id a rotation answered when it started') });
export const stackParams = clusterParams.extend({ name: stackNameSchema.meta({ description: 'The stack’s name, from `GET /{uuid}/stacks`' }) });
