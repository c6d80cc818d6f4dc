/**
 * The value syntaxes of a compose file and of `docker service create` flags, converted to what the Engine API
 * takes: Go durations (`10s`, `1m30s`, `500ms`) to nanoseconds, byte sizes (`512M`, `1G`) to bytes, CPU counts
 * (`0.5`) to NanoCPUs — and back, so a spec read from the swarm shows in the same syntax.
 */

const NS_PER_UNIT: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};
/** One `amount unit` part of a duration; a duration is one or more of them. */
const PART = String.raw`(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)`;
const DURATION = new RegExp(`^(?:${PART})+$`);
const DURATION_PART = new RegExp(PART, 'g');

export const DURATION_HINT = 'a duration like 10s, 1m30s or 500ms';

/** Nanoseconds of a Go duration (`1m30s`; a bare `0` too), or null when it is not one. Negative ones are refused. */
export function parseDuration(text: string): number | null {
  const value = text.trim();
  if (value === '0') return 0;
  if (!DURATION.test(value)) return null;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(DURATION_PART)) total += Number(amount) * NS_PER_UNIT[unit!]!;
  return Math.round(total);
}

/** The shortest Go duration for nanoseconds: `1m30s`, `1h`, `500ms`, `0s`. */
export function formatDuration(ns: number): string {
  if (ns <= 0) return '0s';
  let rest = Math.round(ns);
  let out = '';
  for (const unit of ['h', 'm', 's', 'ms', 'us', 'ns'] as const) {
    const size = NS_PER_UNIT[unit]!;
    const count = Math.floor(rest / size);
    if (count > 0) out += `${count}${unit}`;
    rest -= count * size;
  }
  return out;
}

const BYTE_SIZE = /^(\d+(?:\.\d+)?)\s?([kmgtp])?(?:i?b)?$/i;
const BYTE_FACTOR: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

export const BYTE_SIZE_HINT = 'a size like 512M or 1G';

/** Bytes of a size as compose and the docker CLI read it (binary units: `1k` = 1024), or null. */
export function parseByteSize(text: string): number | null {
  const match = text.trim().match(BYTE_SIZE);
  if (!match) return null;
  return Math.floor(Number(match[1]) * BYTE_FACTOR[(match[2] ?? '').toLowerCase()]!);
}

/** The largest whole unit: 67108864 -> `64M`, 1073741824 -> `1G`, 1000 -> `1000B`. */
export function formatByteSize(bytes: number): string {
  for (const unit of ['P', 'T', 'G', 'M', 'K'] as const) {
    const factor = BYTE_FACTOR[unit.toLowerCase()]!;
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return `${bytes}B`;
}

const CPUS = /^(?:\d+(?:\.\d{1,9})?|\.\d{1,9})$/;

export const CPUS_HINT = 'a number of CPUs like 0.5 or 2';

/** NanoCPUs of a CPU count (`0.5` -> 500000000), or null when it is not a non-negative decimal. */
export function parseCpus(text: string): number | null {
  const value = text.trim();
  if (!CPUS.test(value)) return null;
  const [whole = '0', fraction = ''] = value.split('.');
  return Number(whole) * 1e9 + Number(fraction.padEnd(9, '0'));
}

export function formatCpus(nanoCpus: number): string {
  const whole = Math.floor(nanoCpus / 1e9);
  const fraction = String(nanoCpus % 1e9)
    .padStart(9, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}
