import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codeForStatus, DockerError, errorFromResponse, HostKeyMismatchError, isNoLeader, isUpdateOutOfSequence } from './errors.ts';

describe('errorFromResponse', () => {
  it("surfaces Docker's message", () => {
    const error = errorFromResponse(409, '{"message":"name conflicts with an existing object"}\n');
    expect(error).toMatchObject({ code: 'conflict', status: 409, message: 'name conflicts with an existing object' });
  });

  it('reads the recorded answer of a worker asked for cluster state as a precondition', () => {
    const body = readFileSync(new URL('./fixtures/error-worker-nodes.json', import.meta.url), 'utf8');
    expect(errorFromResponse(503, body)).toMatchObject({ code: 'precondition', message: expect.stringMatching(/^This node is not a swarm manager/) });
  });

  it('keeps a non-JSON body as the message', () => {
    expect(errorFromResponse(502, 'Bad Gateway').message).toBe('Bad Gateway');
    expect(errorFromResponse(500, '').message).toBe('Docker Engine answered HTTP 500');
  });

  it("reads a manager's lost leader as a question for another manager, not an engine failure", () => {
    const noLeader = errorFromResponse(
      500,
      '{"message":"rpc error: code = Unknown desc = The swarm does not have a leader. It\'s possible that too few managers are online. Make sure more than half of the managers are online."}',
    );
    expect(noLeader).toMatchObject({ code: 'precondition', status: 500 });
    expect(isNoLeader(noLeader)).toBe(true);
    expect(errorFromResponse(500, '{"message":"rpc error: code = DeadlineExceeded desc = context deadline exceeded"}')).toMatchObject({ code: 'timeout' });
    expect(isNoLeader(errorFromResponse(500, '{"message":"something else"}'))).toBe(false);
  });

  it('maps statuses to codes', () => {
    expect([400, 401, 403, 404, 409, 412, 500, 503, 418].map(codeForStatus)).toEqual([
      'bad_request',
      'auth',
      'auth',
      'not_found',
      'conflict',
      'precondition',
      'engine',
      'precondition',
      'bad_request',
    ]);
  });
});

describe('isUpdateOutOfSequence', () => {
  it('recognises only the HTTP 500 stale-version answer', () => {
    expect(isUpdateOutOfSequence(errorFromResponse(500, '{"message":"rpc error: code = Unknown desc = update out of sequence"}'))).toBe(true);
    expect(isUpdateOutOfSequence(errorFromResponse(500, '{"message":"something else"}'))).toBe(false);
    expect(isUpdateOutOfSequence(new Error('update out of sequence'))).toBe(false);
  });
});

describe('HostKeyMismatchError', () => {
  it('is a DockerError with code host_key_mismatch naming both keys', () => {
    const error = new HostKeyMismatchError('srv1', 'SHA256:old', 'SHA256:new');
    expect(error).toBeInstanceOf(DockerError);
    expect(error.code).toBe('host_key_mismatch');
    expect(error.message).toContain('SHA256:old');
    expect(error.message).toContain('SHA256:new');
  });
});
