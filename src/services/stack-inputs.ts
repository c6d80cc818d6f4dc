/** Validated inputs of stack deploys, shared by the JSON API and the web form. */
import { z } from 'zod';
import { MAX_COMPOSE_CHARS, STACK_NAME } from '../domain/stack-compose.ts';

const MAX_VARIABLES = 200;
const MAX_VARIABLE_CHARS = 64 * 1024;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const stackNameSchema = z
  .string({ error: 'is required' })
  .regex(STACK_NAME, 'must start with a letter or digit and hold only letters, digits, _ . and - (at most 48 characters)');

export const composeEnvSchema = z
  .record(z.string(), z.string({ error: 'must be text' }).max(MAX_VARIABLE_CHARS, `must be at most ${MAX_VARIABLE_CHARS / 1024} KiB`))
  .superRefine((env, ctx) => {
    for (const key of Object.keys(env)) {
      if (!VARIABLE_NAME.test(key))
        ctx.addIssue({ code: 'custom', path: [key], message: 'a variable name holds only letters, digits and _ and does not start with a digit' });
    }
  })
  .refine((env) => Object.keys(env).length <= MAX_VARIABLES, `at most ${MAX_VARIABLES} variables`);

export const deployStackInput = z.strictObject({
  name: stackNameSchema,
  compose: z
    .string({ error: 'is required: the compose file as text' })
    .min(1, 'is empty')
    .max(MAX_COMPOSE_CHARS, `must be at most ${MAX_COMPOSE_CHARS / 1024} KiB`),
  env: composeEnvSchema.default({}),
  prune: z.boolean({ error: 'must be true or false' }).default(false),
  /** Only check the file and answer its warnings: nothing is sent to the swarm. */
  dryRun: z.boolean({ error: 'must be true or false' }).default(false),
});

export type DeployStackInput = z.output<typeof deployStackInput>;
