/**
 * JSON-lines logger to stderr. Fields whose name looks like a secret are replaced before
 * anything is written, so a careless `logger.info('x', { password })` cannot leak it.
 */
import type { HostLogger } from '../src/contract/host.ts';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const SECRET_KEY = /pass(word)?|secret|token|private.?key|authorization|cookie|api.?key|plaintext|credential/i;
const MAX_DEPTH = 5;

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; stderr by default, a collector in tests. */
  write?: (line: string) => void;
}

export function createLogger(opts: LoggerOptions = {}): HostLogger {
  const threshold = LOG_LEVELS.indexOf(opts.level ?? 'info');
  const write = opts.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const log = (level: Exclude<LogLevel, 'silent'>) => (msg: string, data?: Record<string, unknown>) => {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    const fields = data ? (redact(data, 0) as Record<string, unknown>) : {};
    write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

export function isLogLevel(value: string | undefined): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value ?? '');
}

function redact(value: unknown, depth: number): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, SECRET_KEY.test(key) ? '[redacted]' : redact(item, depth + 1)]));
}
