import { describe, expect, it } from 'vitest';
import type { EngineSecret } from '../docker/schemas.ts';
import { CONFIG_VIEW_MAX_BYTES, configContent, toSwarmObjectSummary } from './swarm-object-summary.ts';

describe('secret and config views', () => {
  it('decodes a config as text, cut at the cap with a note', () => {
    expect(configContent(Buffer.from('a=1\n<b>').toString('base64'))).toEqual({ data: 'a=1\n<b>', bytes: 7, truncated: false });
    const big = configContent(Buffer.from('é'.repeat(CONFIG_VIEW_MAX_BYTES)).toString('base64'));
    expect(big).toMatchObject({ bytes: 2 * CONFIG_VIEW_MAX_BYTES, truncated: true });
    expect(Buffer.byteLength(big.data)).toBe(CONFIG_VIEW_MAX_BYTES);
    expect(configContent(undefined)).toEqual({ data: '', bytes: 0, truncated: false });
  });

  it("joins Docker's object, its users and the panel's record", () => {
    const secret: EngineSecret = { ID: 'x1', Version: { Index: 3 }, CreatedAt: 'c', UpdatedAt: 'u', Spec: { Name: 'pw-v3', Labels: { a: 'b' } } };
    expect(toSwarmObjectSummary(secret, [{ id: 's', name: 'web' }], { createdBy: 'me@example.com', rotatedFrom: 'pw-v2' })).toEqual({
      id: 'x1',
      name: 'pw-v3',
      createdAt: 'c',
      updatedAt: 'u',
      labels: { a: 'b' },
      usedBy: [{ id: 's', name: 'web' }],
      family: 'pw',
      version: 3,
      createdBy: 'me@example.com',
      rotatedFrom: 'pw-v2',
    });
    expect(toSwarmObjectSummary(secret, [], undefined)).toMatchObject({ createdBy: null, rotatedFrom: null });
  });
});
