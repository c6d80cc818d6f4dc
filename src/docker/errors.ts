/** Typed failures of talking to a Docker Engine, so callers branch on `code`, not on message text. */

export type DockerErrorCode =
  | 'unreachable'
  | 'auth'
  | 'not_found'
  | 'conflict'
  | 'precondition'
  | 'engine'
  | 'bad_request'
  | 'timeout'
  | 'host_key_mismatch'
  /** Our own budget of the server is used up (its long-lived streams): refused without asking it. */
  | 'busy';

export class DockerError extends Error {
  override name = 'DockerError';
  readonly code: DockerErrorCode;
  /** HTTP status of the Engine API response, when the failure is one. */
  readonly status?: number;

  constructor(code: DockerErrorCode, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.status !== undefined) this.status = options.status;
  }
}

/** The server presented a host key other than the one pinned for it: refused, never silently accepted. */
export class HostKeyMismatchError extends DockerError {
  override name = 'HostKeyMismatchError';
  readonly serverId: string;
  readonly expected: string;
  readonly actual: string;

  constructor(serverId: string, expected: string, actual: string) {
    super('host_key_mismatch', `host key of server ${serverId} changed: pinned ${expected}, presented ${actual}; refusing to connect`);
    this.serverId = serverId;
    this.expected = expected;
    this.actual = actual;
  }
}

export function codeForStatus(status: number): DockerErrorCode {
  if (status === 400) return 'bad_request';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  // 503 is how the engine says "not a swarm manager", "not part of a swarm" or "no leader".
  if (status === 412 || status === 503) return 'precondition';
  if (status >= 500) return 'engine';
  return 'bad_request';
}

/** Builds the error for a non-2xx Engine API response, surfacing Docker's `{"message"}`. */
export function errorFromResponse(status: number, body: string): DockerError {
  let message = body.trim();
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'message' in parsed && typeof parsed.message === 'string') {
      message = parsed.message;
    }
  } catch {
    // Not JSON (a proxy or an old engine): keep the raw text.
  }
  return new DockerError(codeFor(status, message), message || `Docker Engine answered HTTP ${status}`, { status });
}

/**
 * A manager cut off from the leader answers HTTP 500 with the swarm's gRPC error: a question for another
 * manager (or for later), not an answer about the request.
 */
const NO_LEADER = /does not have a leader/i;
const LEADER_DEADLINE = /code = DeadlineExceeded/;

function codeFor(status: number, message: string): DockerErrorCode {
  if (status === 500 && NO_LEADER.test(message)) return 'precondition';
  if (status === 500 && LEADER_DEADLINE.test(message)) return 'timeout';
  return codeForStatus(status);
}

/** The answer of a manager that sees no leader: too few managers are online (quorum lost), or an election is on. */
export function isNoLeader(error: unknown): boolean {
  return error instanceof DockerError && NO_LEADER.test(error.message);
}

/** `error` itself when it is a DockerError already, else an `unreachable` one whose message starts with `context`. */
export function asDockerError(error: unknown, context: string): DockerError {
  if (error instanceof DockerError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DockerError('unreachable', `${context}: ${message}`, { cause: error });
}

/** Docker's answer to a write carrying a stale object version. */
export function isUpdateOutOfSequence(error: unknown): boolean {
  return error instanceof DockerError && error.status === 500 && /update out of sequence/i.test(error.message);
}
