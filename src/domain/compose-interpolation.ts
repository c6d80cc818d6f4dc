/**
 * `${VAR}` interpolation of a compose file's values, as `docker stack deploy` does it before reading the file:
 * `$VAR`, `${VAR}`, `${VAR:-default}` / `${VAR-default}` (blank-or-unset / unset), `${VAR:?message}` /
 * `${VAR?message}` (required), `${VAR:+other}` / `${VAR+other}` (set), and `$$` for a literal `$`. Variables come
 * from the deploy's own environment only, never the panel's process. Keys are not interpolated, values are.
 */
import { isMapping } from './mappings.ts';

export type ComposeEnv = Readonly<Record<string, string>>;

export interface InterpolationIssue {
  path: string;
  message: string;
}

export interface Interpolated {
  value: unknown;
  /** Variables used without a value and without a default: each became a blank string. */
  unset: string[];
  issues: InterpolationIssue[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])(.*))?$/s;

class InterpolationError extends Error {}

/** One string interpolated; throws InterpolationError on a malformed or a required-but-missing variable. */
function interpolateText(text: string, env: ComposeEnv, unset: Set<string>): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0) return out + text.slice(i);
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = text.indexOf('}', dollar + 2);
      if (close < 0) throw new InterpolationError(`"${text}" has an unclosed \${: write $$ for a literal $`);
      out += braced(text.slice(dollar + 2, close), env, unset, text);
      i = close + 1;
    } else {
      const name = text.slice(dollar + 1).match(NAME)?.[0];
      if (!name) throw new InterpolationError(`"${text}" has a $ that starts no variable: write $$ for a literal $`);
      out += lookup(name, env, unset);
      i = dollar + 1 + name.length;
    }
  }
  return out;
}

function braced(inner: string, env: ComposeEnv, unset: Set<string>, text: string): string {
  const match = inner.match(BRACED);
  if (!match) throw new InterpolationError(`"${text}" has an invalid \${${inner}}: write $$ for a literal $`);
  const [, name = '', operator, operand = ''] = match;
  const value = env[name];
  const blank = value === undefined || (operator?.startsWith(':') === true && value === '');
  switch (operator) {
    case undefined:
      return lookup(name, env, unset);
    case ':-':
    case '-':
      return blank ? operand : (value ?? '');
    case ':?':
    case '?':
      if (blank) throw new InterpolationError(`variable ${name} is required${operand ? `: ${operand}` : ''}`);
      return value ?? '';
    default:
      // `:+` and `+`: the alternative when the variable is set.
      return blank ? '' : operand;
  }
}

function lookup(name: string, env: ComposeEnv, unset: Set<string>): string {
  const value = env[name];
  if (value === undefined) unset.add(name);
  return value ?? '';
}

/** Every string value of the tree interpolated (a new tree); issues name the path of each value at fault. */
export function interpolate(tree: unknown, env: ComposeEnv, path = ''): Interpolated {
  const unset = new Set<string>();
  const issues: InterpolationIssue[] = [];
  const walk = (value: unknown, at: string): unknown => {
    if (typeof value === 'string') {
      try {
        return interpolateText(value, env, unset);
      } catch (error) {
        if (!(error instanceof InterpolationError)) throw error;
        issues.push({ path: at, message: error.message });
        return value;
      }
    }
    if (Array.isArray(value)) return value.map((item, i) => walk(item, `${at}[${i}]`));
    if (isMapping(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, at ? `${at}.${k}` : k)]));
    return value;
  };
  return { value: walk(tree, path), unset: [...unset].sort(), issues };
}

/** Variables typed as `KEY=value` lines (blank lines and `#` comments skipped), or the line numbers at fault. */
export function parseEnvLines(text: string): { ok: true; env: Record<string, string> } | { ok: false; message: string } {
  const env: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = eq < 0 ? '' : line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return { ok: false, message: `env: line ${i + 1} must be KEY=value, the key of letters, digits and _` };
    env[key] = line.slice(eq + 1);
  }
  return { ok: true, env };
}
