/**
 * CPU, memory and disk use of a node, read without an agent: one fixed command over SSH (nothing
 * interpolated, see services/node-resources.ts) prints `/proc/stat` twice (CPU use is a difference),
 * `/proc/meminfo`, `/proc/loadavg` and `df -P /`, each section after a marker line `@@name`;
 * `parseNodeResources` turns that text into numbers.
 */

export interface NodeResourceUsage {
  /** Share of CPU time not idle between the two samples, 0-100; null when it could not be measured. */
  cpuPercent: number | null;
  /** Load averages over 1, 5 and 15 minutes. */
  load: [number, number, number] | null;
  memoryTotalBytes: number | null;
  /** Total minus available (what `free` calls used, page cache excluded). */
  memoryUsedBytes: number | null;
  diskTotalBytes: number | null;
  diskUsedBytes: number | null;
  /** Used shares, 0-100, or null when unknown. */
  memoryPercent: number | null;
  diskPercent: number | null;
}

/** What the overview shows of one node's resources. */
export interface NodeResourceReading {
  nodeId: string;
  /** measured: read over SSH; capacity: no known server for this node; failed: the read did not work. */
  source: 'measured' | 'capacity' | 'failed';
  serverName: string | null;
  usage: NodeResourceUsage | null;
  error: string | null;
  /** When the usage was read. */
  readAt: string | null;
  /** True when the node did not answer in time and `usage` is its last reading (`error` says why). */
  stale: boolean;
}

/** The command's output split at its marker lines; a section may appear twice (`stat`). */
function sections(output: string): Map<string, string[][]> {
  const found = new Map<string, string[][]>();
  let current: string[] | null = null;
  for (const line of output.split('\n')) {
    const marker = line.match(/^@@(\w+)\s*$/);
    if (marker) {
      current = [];
      const name = marker[1]!;
      found.set(name, [...(found.get(name) ?? []), current]);
    } else if (current && line.trim() !== '') {
      current.push(line);
    }
  }
  return found;
}

/** `cpu  user nice system idle iowait irq softirq steal ...` as busy and total jiffies. */
function cpuTimes(lines: string[] | undefined): { busy: number; total: number } | null {
  const line = lines?.find((l) => /^cpu\s/.test(l));
  if (!line) return null;
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 4 || fields.some((n) => !Number.isFinite(n))) return null;
  const total = fields.reduce((sum, n) => sum + n, 0);
  const idle = fields[3]! + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

function cpuPercent(samples: string[][] | undefined): number | null {
  const first = cpuTimes(samples?.[0]);
  const second = cpuTimes(samples?.[1]);
  if (!first || !second) return null;
  const total = second.total - first.total;
  if (total <= 0) return null;
  return clampPercent(((second.busy - first.busy) / total) * 100);
}

function meminfo(lines: string[] | undefined): Pick<NodeResourceUsage, 'memoryTotalBytes' | 'memoryUsedBytes'> {
  const kib = new Map<string, number>();
  for (const line of lines ?? []) {
    const match = line.match(/^(\w+):\s+(\d+)(?:\s+kB)?\s*$/);
    if (match) kib.set(match[1]!, Number(match[2]));
  }
  const total = kib.get('MemTotal');
  if (total === undefined) return { memoryTotalBytes: null, memoryUsedBytes: null };
  // MemAvailable exists since Linux 3.14; before it, free + buffers + cache is the usual estimate.
  const available = kib.get('MemAvailable') ?? (kib.get('MemFree') ?? 0) + (kib.get('Buffers') ?? 0) + (kib.get('Cached') ?? 0);
  return { memoryTotalBytes: total * 1024, memoryUsedBytes: Math.max(0, total - available) * 1024 };
}

function loadavg(lines: string[] | undefined): NodeResourceUsage['load'] {
  const values = lines?.[0]?.trim().split(/\s+/).slice(0, 3).map(Number);
  if (!values || values.length < 3 || values.some((n) => !Number.isFinite(n))) return null;
  return [values[0]!, values[1]!, values[2]!];
}

/** `df -P /`: a header, then `filesystem 1024-blocks used available capacity mountpoint`. */
function disk(lines: string[] | undefined): Pick<NodeResourceUsage, 'diskTotalBytes' | 'diskUsedBytes'> {
  const row = lines?.slice(1).find((l) => /\s\/\s*$/.test(l));
  const fields = row?.trim().split(/\s+/);
  if (!fields || fields.length < 6) return { diskTotalBytes: null, diskUsedBytes: null };
  // A long filesystem name never splits in POSIX mode, so the numbers are the 2nd to 4th fields from the name.
  const [blocks, used, available] = fields.slice(-5, -2).map(Number);
  if (![blocks, used, available].every((n) => Number.isFinite(n))) return { diskTotalBytes: null, diskUsedBytes: null };
  // Like df's capacity: used against what non-root users can use (reserved blocks excluded).
  return { diskTotalBytes: (used! + available!) * 1024, diskUsedBytes: used! * 1024 };
}

function clampPercent(value: number): number {
  return Math.min(100, Math.max(0, Math.round(value * 10) / 10));
}

/** Parses the output of NODE_RESOURCES_COMMAND; throws when none of it is recognisable. */
export function parseNodeResources(output: string): NodeResourceUsage {
  const found = sections(output);
  const memory = meminfo(found.get('meminfo')?.[0]);
  const root = disk(found.get('df')?.[0]);
  const usage: NodeResourceUsage = {
    cpuPercent: cpuPercent(found.get('stat')),
    load: loadavg(found.get('loadavg')?.[0]),
    ...memory,
    ...root,
    memoryPercent: usedPercent(memory.memoryUsedBytes, memory.memoryTotalBytes),
    diskPercent: usedPercent(root.diskUsedBytes, root.diskTotalBytes),
  };
  if (usage.cpuPercent === null && usage.load === null && usage.memoryTotalBytes === null && usage.diskTotalBytes === null) {
    throw new Error('the resource command printed nothing recognisable');
  }
  return usage;
}

/** Used share of a total, 0-100, or null when either is unknown. */
export function usedPercent(used: number | null, total: number | null): number | null {
  if (used === null || total === null || total <= 0) return null;
  return clampPercent((used / total) * 100);
}
