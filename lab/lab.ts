// Typed wrapper over lab/lab.sh (a real multi-node Docker Swarm on this machine) for tests and the host.
// Every call is execFile with fixed argument vectors: no shell strings.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const LAB_SH = fileURLToPath(new URL('./lab.sh', import.meta.url));
const DEFAULT_NAME = 'swl';
const DEFAULT_DIR = '/var/lib/swarm-lab';
/** The image every lab node has (lab.sh builds it; the lab has no registry access). */
export const LAB_IMAGE = 'lab/busybox:latest';
// The Debian CLI matches the 20.10 daemons; a newer CLI on PATH works too.
const DOCKER = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';

export interface LabNode {
  name: string;
  index: number;
  ip: string;
  role: 'manager' | 'worker' | 'none';
  /** Host-visible docker.sock of the node's engine. */
  socket: string;
  holderPid: number;
}

export interface LabState {
  name: string;
  subnet: string;
  bridge: string;
  /** The lab's own directory: `<LAB_DIR>/<name>`. */
  dir: string;
  sshKeyPath: string;
  sshUser: string;
  nodes: LabNode[];
}

export interface LabOptions {
  name?: string;
  /** First three octets, e.g. `10.231.0`. Only used by labUp. */
  subnet?: string;
  /** Parent directory of labs (LAB_DIR). */
  dir?: string;
}

/** `sshd-kill`: the listener and its sessions, SIGKILL; `slow`/`fast`: tbf rate limiting of the node's link both ways. */
export type LabFault = 'engine-stop' | 'engine-start' | 'partition' | 'heal' | 'sshd-stop' | 'sshd-kill' | 'sshd-start' | 'slow' | 'fast';

interface RunResult {
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs: number }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { env: opts.env ?? process.env, timeout: opts.timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) {
          const code = error.code ?? error.signal ?? 'unknown';
          const detail = stderr.trim() || stdout.trim() || error.message;
          reject(new Error(`${path.basename(file)} ${args.join(' ')} failed (${code}): ${detail}`));
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
    // A command that exits without reading its stdin makes this write fail (EPIPE): its exit status says how it went.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(opts.input ?? '');
  });
}

function labEnv(opts: LabOptions): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (opts.name !== undefined) env.LAB_NAME = opts.name;
  if (opts.subnet !== undefined) env.LAB_SUBNET = opts.subnet;
  if (opts.dir !== undefined) env.LAB_DIR = opts.dir;
  return env;
}

function labSh(opts: LabOptions, args: string[], timeoutMs = 10 * 60_000): Promise<RunResult> {
  return run('bash', [LAB_SH, ...args], { env: labEnv(opts), timeoutMs });
}

function stateFile(opts: LabOptions): string {
  const dir = opts.dir ?? process.env.LAB_DIR ?? DEFAULT_DIR;
  const name = opts.name ?? process.env.LAB_NAME ?? DEFAULT_NAME;
  return path.join(dir, name, 'state.json');
}

/** Options that address the lab described by a state (for labFault/labDown/labNodeAdd). */
export function labOptions(state: LabState): LabOptions {
  return { name: state.name, subnet: state.subnet, dir: path.dirname(state.dir) };
}

export function labSupported(): { ok: true } | { ok: false; reason: string } {
  if (process.platform !== 'linux') return { ok: false, reason: `the lab needs Linux (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'the lab needs root (network namespaces, bridge, dockerd)' };
  return { ok: true };
}

export async function labState(opts: LabOptions = {}): Promise<LabState | null> {
  try {
    return JSON.parse(await readFile(stateFile(opts), 'utf8')) as LabState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export function labNode(state: LabState, name: string): LabNode {
  const node = state.nodes.find((n) => n.name === name);
  if (!node) throw new Error(`no node ${name} in lab ${state.name} (${state.nodes.map((n) => n.name).join(', ')})`);
  return node;
}

/** The lab's (first) manager node. */
export function labManager(state: LabState): LabNode {
  const manager = state.nodes.find((n) => n.role === 'manager');
  if (!manager) throw new Error(`lab ${state.name} has no manager`);
  return manager;
}

/** The lab when it is up and its manager answers; null otherwise (`labUp` rebuilds a broken one). */
export async function runningLab(opts: LabOptions = {}): Promise<LabState | null> {
  const state = await labState(opts);
  if (!state) return null;
  try {
    await labDocker(state, labManager(state).name, ['node', 'ls', '-q']);
    return state;
  } catch {
    return null;
  }
}

async function requireState(opts: LabOptions): Promise<LabState> {
  const state = await labState(opts);
  if (!state) throw new Error(`lab.sh succeeded but ${stateFile(opts)} is missing`);
  return state;
}

/** Brings up a fresh lab (removing any earlier lab of the same name). */
export async function labUp(opts: LabOptions & { nodes?: number; managers?: number }): Promise<LabState> {
  await labSh(opts, ['up', String(opts.nodes ?? 3), String(opts.managers ?? 1)]);
  return requireState(opts);
}

export async function labDown(opts: LabOptions = {}): Promise<void> {
  await labSh(opts, ['down']);
}

/** Adds a node with engine, sshd and image that has not joined the swarm (role "none"). */
export async function labNodeAdd(opts: LabOptions = {}): Promise<LabNode> {
  await labSh(opts, ['node-add']);
  const node = (await requireState(opts)).nodes.at(-1);
  if (!node) throw new Error('node-add left no node in state.json');
  return node;
}

/** Faults that undo a fault: the swarm is whole again only once its nodes report Ready to a manager. */
const RECOVERIES: ReadonlySet<LabFault> = new Set(['engine-start', 'heal']);
const RECOVERY_TIMEOUT_MS = 2 * 60_000;

export async function labFault(opts: LabOptions, node: string, fault: LabFault): Promise<void> {
  await labSh(opts, [fault, node], 3 * 60_000);
  // An engine answering is not a node the swarm schedules on again: the next test would find it Down.
  if (RECOVERIES.has(fault)) await labWaitReady(opts);
}

/** Waits (bounded) until every joined lab node has a Ready entry in `docker node ls` on some manager. */
export async function labWaitReady(opts: LabOptions, timeoutMs = RECOVERY_TIMEOUT_MS): Promise<void> {
  const state = await labState(opts);
  if (!state) throw new Error(`no lab ${opts.name ?? 'swl'}`);
  const wanted = state.nodes.filter((n) => n.role !== 'none').map((n) => n.name);
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    for (const manager of state.nodes.filter((n) => n.role === 'manager')) {
      try {
        const rows = (await labDocker(state, manager.name, ['node', 'ls', '--format', '{{.Hostname}} {{.Status}}'])).split('\n');
        if (wanted.every((name) => rows.includes(`${name} Ready`))) return;
        last = rows.filter(Boolean).join(', ');
        break;
      } catch (error) {
        last = (error as Error).message;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`lab ${state.name}: nodes not all Ready after ${timeoutMs} ms: ${last}`);
}

/** Runs the docker CLI against a node's host-visible socket; resolves with stdout. */
export async function labDocker(state: LabState, node: string, args: string[], opts: { input?: string } = {}): Promise<string> {
  const { stdout } = await run(DOCKER, ['-H', `unix://${labNode(state, node).socket}`, ...args], {
    input: opts.input,
    timeoutMs: 2 * 60_000,
  });
  return stdout;
}

export interface LabStackService {
  /** Default 1. */
  replicas?: number;
  /** Split on spaces into the command's arguments. */
  command: string;
  labels?: Record<string, string>;
}

/** A compose file (for `docker stack deploy --compose-file -`) of services running the lab image. */
export function labStackCompose(services: Record<string, LabStackService>): string {
  return [
    'version: "3.8"',
    'services:',
    ...Object.entries(services).flatMap(([name, s]) => [
      `  ${name}:`,
      `    image: ${LAB_IMAGE}`,
      `    command: ${JSON.stringify(s.command.split(' '))}`,
      '    deploy:',
      `      replicas: ${s.replicas ?? 1}`,
      ...(s.labels ? ['      labels:', ...Object.entries(s.labels).map(([k, v]) => `        ${k}: ${JSON.stringify(v)}`)] : []),
    ]),
  ].join('\n');
}

/** A joined lab node as a panel registers it: its address, the lab's key and user, its swarm role. */
export interface LabServer {
  node: LabNode;
  name: string;
  ip: string;
  port: number;
  user: string;
  privateKey: string;
  swarmManager: boolean;
  swarmWorker: boolean;
}

export function labServers(state: LabState): LabServer[] {
  const privateKey = readFileSync(state.sshKeyPath, 'utf8');
  return state.nodes
    .filter((node) => node.role !== 'none')
    .map((node) => ({
      node,
      name: node.name,
      ip: node.ip,
      port: 22,
      user: state.sshUser,
      privateKey,
      swarmManager: node.role === 'manager',
      swarmWorker: node.role === 'worker',
    }));
}
