/** Formatting shared by the views: sizes, CPU, times. Pure, no locale surprises (fixed English units). */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${UNITS[unit]}`;
}

export function formatCores(cores: number): string {
  if (!cores) return '—';
  return `${Number.isInteger(cores) ? cores : cores.toFixed(1)} ${cores === 1 ? 'core' : 'cores'}`;
}

export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${value.toFixed(value < 10 ? 1 : 0)}%`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `HH:MM` in the server's time zone (the panel's operators share it). */
export function formatClock(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const clock = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return withSeconds ? `${clock}:${pad(date.getSeconds())}` : clock;
}

/** `YYYY-MM-DD HH:MM`, for times that may be days old. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${formatClock(iso)}`;
}

/** "12 s ago", "5 min ago", "3 h ago", "4 d ago" relative to `now`. */
export function formatAgo(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return 'never';
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return 'never';
  const seconds = Math.max(0, Math.round((now.getTime() - then) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

/** Docker ids shown the way the CLI shows them. */
export function shortId(id: string | null | undefined, length = 12): string {
  return id ? id.slice(0, length) : '—';
}

/** A node's platform as `docker node inspect` has it, e.g. `linux/x86_64`. */
export function formatPlatform(node: { os: string | null; architecture: string | null }): string {
  return node.os || node.architecture ? [node.os, node.architecture].filter(Boolean).join('/') : '—';
}
