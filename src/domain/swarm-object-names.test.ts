import { describe, expect, it } from 'vitest';
import { nextVersionName, objectDataProblem, objectNameSchema, objectVersionOf } from './swarm-object-names.ts';

describe('secret and config names', () => {
  it("accepts Docker's names and refuses the others before anything is sent", () => {
    for (const name of ['a', 'db_password', 'db-password.v2', 'A1', 'x'.repeat(64)]) expect(objectNameSchema.safeParse(name).success, name).toBe(true);
    for (const name of ['', '-a', 'a-', '_a', 'a b', 'a/b', 'x'.repeat(65), 'é']) expect(objectNameSchema.safeParse(name).success, name).toBe(false);
  });

  it('bounds the content as swarmkit does: not empty, under 500 KB for a secret and 1000 KB for a config', () => {
    expect(objectDataProblem('secret', 0)).toContain('empty');
    expect(objectDataProblem('secret', 511_999)).toBeNull();
    expect(objectDataProblem('secret', 512_000)).toContain('511999');
    expect(objectDataProblem('config', 1_023_999)).toBeNull();
    expect(objectDataProblem('config', 1_024_000)).toContain('1023999');
  });

  it('reads the family and version of a name', () => {
    expect(objectVersionOf('db-password')).toEqual({ family: 'db-password', version: 1 });
    expect(objectVersionOf('db-password-v1')).toEqual({ family: 'db-password', version: 1 });
    expect(objectVersionOf('db-password-v12')).toEqual({ family: 'db-password', version: 12 });
    expect(objectVersionOf('db-password-v0')).toEqual({ family: 'db-password-v0', version: 1 });
    expect(objectVersionOf('-v2')).toEqual({ family: '-v2', version: 1 });
    expect(objectVersionOf('v2')).toEqual({ family: 'v2', version: 1 });
  });

  it('names the next version one above the highest existing one of the family', () => {
    expect(nextVersionName('db-password', ['db-password'])).toEqual({ family: 'db-password', version: 2, name: 'db-password-v2' });
    expect(nextVersionName('db-password', ['db-password-v2', 'db-password-v4', 'other-v9'])).toMatchObject({ name: 'db-password-v5' });
    expect(nextVersionName('db', ['db-password-v7'])).toMatchObject({ name: 'db-v2' });
  });
});
