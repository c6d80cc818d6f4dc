/**
 * Reading a parsed compose file value by value: each reader returns the value in the type asked for, or
 * undefined after noting an issue at its dotted path (`services.web.deploy.resources.limits.cpus`), so that one
 * pass reports every mistake. Numbers and booleans also arrive as text (after `${VAR}` interpolation).
 */
import { parseByteSize, parseCpus, parseDuration } from './compose-units.ts';
import { isMapping, type Mapping } from './mappings.ts';

export interface ComposeIssue {
  path: string;
  message: string;
}

export class ComposeReader {
  readonly issues: ComposeIssue[] = [];

  fail(path: string, message: string): undefined {
    this.issues.push({ path, message });
    return undefined;
  }

  mapping(value: unknown, path: string): Mapping | undefined {
    if (value === undefined || value === null) return undefined;
    return isMapping(value) ? value : this.fail(path, 'must be a mapping (key: value lines)');
  }

  list(value: unknown, path: string): unknown[] | undefined {
    if (value === undefined || value === null) return undefined;
    return Array.isArray(value) ? value : this.fail(path, 'must be a list');
  }

  string(value: unknown, path: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    return typeof value === 'string' ? value : this.fail(path, 'must be a string');
  }

  /** A string, or a scalar written without quotes (`1000`, `true`) taken as its text. */
  text(value: unknown, path: string): string | undefined {
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return this.string(value, path);
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    return this.fail(path, 'must be true or false');
  }

  integer(value: unknown, path: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
    if (value === undefined || value === null) return undefined;
    const n = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
      return this.fail(path, `must be a whole number${max === Number.MAX_SAFE_INTEGER ? ` of at least ${min}` : ` between ${min} and ${max}`}`);
    }
    return n;
  }

  number(value: unknown, path: string, min: number, max: number): number | undefined {
    if (value === undefined || value === null) return undefined;
    const n = typeof value === 'string' && /^\s*-?(\d+(\.\d*)?|\.\d+)\s*$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max) return this.fail(path, `must be a number between ${min} and ${max}`);
    return n;
  }

  /** Nanoseconds of a Go duration (`10s`, `1m30s`). */
  duration(value: unknown, path: string): number | undefined {
    const text = this.text(value, path);
    if (text === undefined) return undefined;
    const ns = parseDuration(text);
    return ns === null ? this.fail(path, `"${text}" is not a duration: use a number with a unit (ns, us, ms, s, m, h), e.g. 10s or 1m30s`) : ns;
  }

  /** Bytes of a size (`64M`, `1g`, or a number of bytes). */
  bytes(value: unknown, path: string): number | undefined {
    const text = this.text(value, path);
    if (text === undefined) return undefined;
    const bytes = parseByteSize(text);
    return bytes === null ? this.fail(path, `"${text}" is not a size: use a number with an optional unit (b, k, m, g), e.g. 64M`) : bytes;
  }

  /** NanoCPUs of a CPU count (`0.5`). */
  cpus(value: unknown, path: string): number | undefined {
    const text = this.text(value, path);
    if (text === undefined) return undefined;
    const nano = parseCpus(text);
    return nano === null ? this.fail(path, `"${text}" is not a number of CPUs, e.g. 0.5 or 2`) : nano;
  }

  oneOf<const T extends string>(value: unknown, path: string, allowed: readonly T[]): T | undefined {
    const text = this.string(value, path);
    if (text === undefined) return undefined;
    return (allowed as readonly string[]).includes(text) ? (text as T) : this.fail(path, `must be ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}`);
  }

  /** A list of strings, or one string (`dns: 8.8.8.8`). */
  strings(value: unknown, path: string, options: { single?: boolean } = {}): string[] | undefined {
    if (options.single && typeof value === 'string') return [value];
    const list = this.list(value, path);
    if (!list) return undefined;
    const out: string[] = [];
    list.forEach((item, i) => {
      const text = this.text(item, `${path}[${i}]`);
      if (text !== undefined) out.push(text);
    });
    return out;
  }

  /** `KEY: value` or `["KEY=value"]` as a mapping of text; a key without a value maps to null. */
  dictionary(value: unknown, path: string): Record<string, string | null> | undefined {
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) {
      const out: Record<string, string | null> = {};
      value.forEach((item, i) => {
        const entry = this.text(item, `${path}[${i}]`);
        if (entry === undefined) return;
        const eq = entry.indexOf('=');
        out[eq < 0 ? entry : entry.slice(0, eq)] = eq < 0 ? null : entry.slice(eq + 1);
      });
      return out;
    }
    const mapping = this.mapping(value, path);
    if (!mapping) return undefined;
    return Object.fromEntries(Object.entries(mapping).map(([k, v]) => [k, v === null || v === undefined ? null : (this.text(v, `${path}.${k}`) ?? '')]));
  }

  /** Like `dictionary`, a key without a value being a blank string (labels, options). */
  labels(value: unknown, path: string): Record<string, string> | undefined {
    const dict = this.dictionary(value, path);
    return dict && Object.fromEntries(Object.entries(dict).map(([k, v]) => [k, v ?? '']));
  }

  /** Notes every key of the mapping that is not among `known` (extension keys `x-...` excepted). */
  known(mapping: Mapping, path: string, known: readonly string[]): void {
    for (const key of Object.keys(mapping)) {
      if (!known.includes(key) && !key.startsWith('x-'))
        this.fail(path ? `${path}.${key}` : key, `is not a key docker stack deploy knows here (known: ${known.join(', ')})`);
    }
  }
}
