/** An error meant for the caller: its status, a stable code and a message safe to show. */
export class HostError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409,
    readonly code: string,
    message: string,
    /** Per-field messages, for forms that show them beside each field. */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HostError';
  }
}

export const forbidden = (reason: string) => new HostError(403, 'forbidden', reason);
export const notFound = (what: string) => new HostError(404, 'not_found', `${what} not found`);
export const conflict = (message: string) => new HostError(409, 'conflict', message);
