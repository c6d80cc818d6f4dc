import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HostError } from './errors.ts';
import { email, parseInput, requiredString } from './validation.ts';

const schema = z.object({ name: requiredString(10), email: email(), port: z.number().int() });

describe('parseInput', () => {
  it('returns the parsed, normalised value', () => {
    expect(parseInput(schema, { name: ' a ', email: 'A@Example.COM', port: 2 })).toEqual({
      name: 'a',
      email: 'a@example.com',
      port: 2,
    });
  });

  it('throws a 400 naming every bad field', () => {
    let error: unknown;
    try {
      parseInput(schema, { name: '', email: 'nope', port: 'x' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(HostError);
    const hostError = error as HostError;
    expect(hostError.status).toBe(400);
    expect(hostError.fields).toEqual({
      name: 'is required',
      email: 'must be an email address',
      port: expect.any(String),
    });
    expect(hostError.message).toMatch(/^name: is required; email: must be an email address; port: /);
  });

  it('says "is required" for a missing field and names the body when it is not an object', () => {
    expect(() => parseInput(schema, { email: 'a@b.co', port: 1 })).toThrow('name: is required');
    expect(() => parseInput(schema, null)).toThrow(/^body: /);
  });
});
