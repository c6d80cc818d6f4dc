/** What every answer to an abusive request is checked for, and the database snapshot compared before and after. */
import type Database from 'better-sqlite3';

const LEAKS: [string, RegExp][] = [
  ['a stack frame', /\bat \S+ \(|\bat (file:\/\/|\/|node:)\S+:\d+/g],
  ['a source path', /\/(work|home|root|src|host|node_modules|usr)\/\S*\.(ts|tsx|js|mjs)\b|file:\/\//g],
  ['a private address', /\b(10\.\d{1,3}\.\d{1,3}\.\d{1,3}|127\.0\.0\.1|192\.168\.\d{1,3}\.\d{1,3}|172\.(1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3})\b/g],
  ['an SSH user@host:port', /\b[\w.-]+@[\w.-]+:\d{1,5}\b/g],
];

/**
 * What an answer must never show: a stack frame, a source path, an internal address (the lab's and private
 * networks, loopback), an SSH `user@host:port`. `allowed`: addresses the caller may see as data (an owner's own
 * servers in a form that lists them). Returns what was found, or null.
 */
export function leakIn(text: string, allowed: readonly string[] = []): string | null {
  for (const [what, pattern] of LEAKS) {
    for (const found of text.matchAll(pattern)) {
      if (allowed.includes(found[0])) continue;
      return `${what}: "${text.slice(Math.max(0, found.index - 40), found.index + found[0].length + 40)}"`;
    }
  }
  return null;
}

/** Why the text is not the API's error shape `{"error":{"code","message"}}`, or null when it is. */
export function notApiError(text: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return `not JSON: ${text.slice(0, 80)}`;
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown } }).error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string' || error.message.length === 0) {
    return `not {"error":{"code","message"}}: ${text.slice(0, 120)}`;
  }
  return null;
}

/** The message of an API error answer ('' when there is none). */
export function apiErrorMessage(text: string): string {
  try {
    return String((JSON.parse(text) as { error?: { message?: unknown } }).error?.message ?? '');
  } catch {
    return '';
  }
}

/** Columns that change with every authenticated request and say nothing about what a request did. */
const VOLATILE_COLUMNS = new Set(['api_tokens.last_used_at']);

/** Every row of every table (the host's and the plugin's), in a stable order, for comparing before and after. */
export function databaseSnapshot(sqlite: Database.Database): Record<string, unknown[]> {
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  const snapshot: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const rows = sqlite.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[];
    snapshot[name] = rows
      .map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([column]) => !VOLATILE_COLUMNS.has(`${name}.${column}`)))))
      .sort();
  }
  return snapshot;
}
