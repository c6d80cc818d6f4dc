import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { DockerError, HostKeyMismatchError } from '../docker/index.ts';
import { ClusterUnreachableError, ServiceError } from '../services/errors.ts';
import { errorBody, errorReport, reportText } from './errors.ts';

const operator = { requestId: 'req-1', revealAddresses: true };
const viewer = { requestId: 'req-1', revealAddresses: false };

describe('errorReport', () => {
  it('maps each service code to its status, keeping code and message', () => {
    const cases: [ServiceError, number][] = [
      [new ServiceError('unauthenticated', 'sign in'), 401],
      [new ServiceError('forbidden', 'the viewer role may not operate clusters'), 403],
      [new ServiceError('not_found', 'cluster x not found'), 404],
      [new ServiceError('validation_failed', 'name is required'), 400],
      [new ServiceError('conflict', 'already registered'), 409],
      [new ServiceError('not_a_manager', 'server w1 cannot manage a swarm'), 422],
      [new ClusterUnreachableError(['m1: timeout']), 503],
    ];
    for (const [error, status] of cases) {
      expect(errorReport(error, operator)).toEqual({ status, code: error.code, message: error.message });
    }
  });

  it('puts a field beside the message, and other details under details', () => {
    expect(errorReport(new ServiceError('validation_failed', 'bad', { field: 'name' }), operator)).toEqual({
      status: 400,
      code: 'validation_failed',
      message: 'bad',
      field: 'name',
    });
    expect(errorReport(new ServiceError('conflict', 'taken', { uuid: 'u1' }), operator)).toMatchObject({ details: { uuid: 'u1' } });
  });

  it('translates Docker failures, surfacing Docker’s message', () => {
    expect(errorReport(new DockerError('not_found', 'service web not found', { status: 404 }), operator)).toEqual({
      status: 404,
      code: 'docker_not_found',
      message: 'service web not found',
    });
    expect(errorReport(new DockerError('precondition', 'This node is not a swarm manager.'), operator)).toMatchObject({
      status: 412,
      code: 'docker_precondition',
    });
    expect(errorReport(new DockerError('timeout', 'no answer'), operator)).toMatchObject({ status: 504, code: 'docker_timeout' });
    expect(errorReport(new HostKeyMismatchError('s1', 'SHA256:a', 'SHA256:b'), operator)).toMatchObject({ status: 502, code: 'docker_host_key_mismatch' });
  });

  it('hides SSH user@host:port from those who may not operate the cluster', () => {
    const error = new ClusterUnreachableError(['ssh deploy@10.232.30.2:22: connect ECONNREFUSED', 'ssh root@[fd00::2]:2222: timed out']);
    expect(errorReport(error, operator).message).toContain('deploy@10.232.30.2:22');
    const hidden = errorReport(error, viewer).message;
    expect(hidden).toBe('no manager of the cluster answered: ssh (address hidden): connect ECONNREFUSED; ssh (address hidden): timed out');
  });

  it('answers Hono’s own refusals with their status', () => {
    expect(errorReport(new HTTPException(413, { message: 'body too large' }), operator)).toEqual({
      status: 413,
      code: 'bad_request',
      message: 'body too large',
    });
    expect(errorReport(new HTTPException(400), operator)).toEqual({ status: 400, code: 'validation_failed', message: 'request refused' });
  });

  it('answers anything else as an internal error with the request id, never its message', () => {
    const report = errorReport(new TypeError('cannot read x of undefined at /srv/secret.ts'), operator);
    expect(report).toEqual({ status: 500, code: 'internal_error', message: 'internal error', requestId: 'req-1' });
    expect(errorBody(report)).toEqual({ error: { code: 'internal_error', message: 'internal error', requestId: 'req-1' } });
    expect(reportText(report)).toBe('internal error (request id req-1)');
    expect(errorReport(new HTTPException(500, { message: 'oops' }), operator).code).toBe('internal_error');
    expect(errorReport('a thrown string', operator).code).toBe('internal_error');
  });
});
