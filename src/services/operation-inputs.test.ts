import { describe, expect, it } from 'vitest';
import { describeZodError } from './cluster-inputs.ts';
import { availabilityInput, nodeLabelsInput, removeNodeQuery, scaleInput, serviceLogsQuery } from './operation-inputs.ts';

const problem = (result: { success: boolean; error?: Parameters<typeof describeZodError>[0] }) => (result.error ? describeZodError(result.error) : null);

describe('operation inputs', () => {
  it('names the field of a bad availability or replica count', () => {
    expect(problem(availabilityInput.safeParse({ availability: 'off' }))).toEqual({
      field: 'availability',
      message: 'availability: availability must be active, pause or drain',
    });
    expect(problem(scaleInput.safeParse({ replicas: -1 }))).toEqual({ field: 'replicas', message: 'replicas: replicas must be 0 or more' });
    expect(problem(scaleInput.safeParse({}))?.field).toBe('replicas');
    expect(problem(scaleInput.safeParse({ replicas: 2, extra: 1 }))?.message).toBe('unknown field(s): extra');
  });

  it('refuses a label key with spaces, naming it', () => {
    const result = problem(nodeLabelsInput.safeParse({ add: { 'my zone': 'a' } }));
    expect(result?.field).toBe('add.my zone');
    expect(result?.message).toMatch(/no spaces/);
    expect(problem(nodeLabelsInput.safeParse({ remove: ['bad key'] }))?.field).toBe('remove.0');
    expect(problem(nodeLabelsInput.safeParse({}))?.message).toMatch(/nothing to change/);
    expect(nodeLabelsInput.parse({ add: { zone: 'a' } })).toEqual({ add: { zone: 'a' }, remove: [] });
  });

  it('reads query switches and the log tail', () => {
    expect(removeNodeQuery.parse({})).toEqual({ force: false });
    expect(removeNodeQuery.parse({ force: 'true' })).toEqual({ force: true });
    expect(removeNodeQuery.safeParse({ force: 'yes' }).success).toBe(false);
    expect(serviceLogsQuery.parse({})).toEqual({ tail: 200, follow: false, timestamps: false });
    expect(serviceLogsQuery.parse({ tail: 'all', follow: '1' })).toEqual({ tail: 'all', follow: true, timestamps: false });
    expect(problem(serviceLogsQuery.safeParse({ tail: '-5' }))?.field).toBe('tail');
  });
});
