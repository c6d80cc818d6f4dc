// One dashboard refresh of a lab cluster, three ways:
//   ours  SwarmClient over a warm SshTransport: /info, /nodes, /services?status=true, /tasks in parallel
//   (a)   the seed's way: `docker node ls`, one `docker node inspect` per node, `docker service ls`, each an
//         `ssh` command through a warm OpenSSH ControlMaster, one after another (as Coolify runs them)
//   (b)   the floor: the same 4 Engine API requests, raw HTTP over a bare ssh2 channel each, no parsing
// Prints the median wall time of BENCH_RUNS runs (after BENCH_WARMUP) and the remote round trips, on the lab named
// by LAB_NAME (default swl, 3 nodes) and then on a lab of BENCH_LARGE_NODES (12) nodes, BENCH_LARGE_LAB_NAME
// (swl-bench12 on 10.231.93), so the seed's cost shows growing with the node count while ours stays 4 round trips.
// Either lab is brought up when it is not running; the large one is taken down afterwards unless it was running
// already or KEEP_LAB=1. BENCH_LARGE_NODES=0 skips it.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'ssh2';
import { type LabNode, type LabOptions, type LabState, labDown, labManager, labUp, runningLab } from '../lab/lab.ts';
import { SwarmClient } from '../src/docker/index.ts';
import { labSshTransport } from '../test/support/lab-node.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const LARGE_NODES = Number(process.env.BENCH_LARGE_NODES ?? 12);
const LARGE_LAB: LabOptions = { name: process.env.BENCH_LARGE_LAB_NAME ?? 'swl-bench12', subnet: process.env.BENCH_LARGE_LAB_SUBNET ?? '10.231.93' };
const TARGET_SEED_OVER_OURS = 30;
const TARGET_OURS_OVER_FLOOR = 1.5;
const REFRESH_PATHS = ['/v1.41/info', '/v1.41/nodes', '/v1.41/services?status=true', '/v1.41/tasks'];
const NODE_ID = /^[a-z0-9]{25}$/;

/** One way of doing a dashboard refresh; `roundTrips` counts the remote requests made so far. */
interface Contender {
  name: string;
  refresh(): Promise<unknown>;
  roundTrips(): number;
  close(): Promise<void>;
}

interface Measured {
  name: string;
  medianMs: number;
  roundTrips: number;
}

const joined = (lab: LabState) => lab.nodes.filter((node) => node.role !== 'none').length;

async function main(): Promise<void> {
  const small = (await runningLab()) ?? (await labUp({ nodes: 3, managers: 1 }));
  const results = [{ nodes: joined(small), measured: await measureLab(small) }];
  if (LARGE_NODES > 0) {
    const running = await runningLab(LARGE_LAB);
    const large = running && joined(running) === LARGE_NODES ? running : await labUp({ ...LARGE_LAB, nodes: LARGE_NODES, managers: 1 });
    try {
      results.push({ nodes: joined(large), measured: await measureLab(large) });
    } finally {
      if (large !== running && process.env.KEEP_LAB !== '1') await labDown(LARGE_LAB);
    }
  }
  printGrowth(results);
}

async function measureLab(lab: LabState): Promise<Measured[]> {
  const manager = labManager(lab);
  console.log(`lab ${lab.name}: ${joined(lab)} nodes, manager ${manager.ip}; ${RUNS} runs after ${WARMUP} warm-up\n`);
  const contenders = [ours(lab, manager), await seed(lab, manager), await floor(lab, manager)];
  try {
    const measured = await measure(contenders);
    printTable(measured);
    return measured;
  } finally {
    await Promise.all(contenders.map((contender) => contender.close()));
  }
}

/** Runs are interleaved (one refresh of each in turn) so a load spike on the machine hits all alike. */
async function measure(contenders: Contender[]): Promise<Measured[]> {
  for (let i = 0; i < WARMUP; i++) for (const contender of contenders) await contender.refresh();
  const times = contenders.map(() => [] as number[]);
  const tripsBefore = contenders.map((contender) => contender.roundTrips());
  for (let i = 0; i < RUNS; i++) {
    for (const [index, contender] of contenders.entries()) {
      const started = performance.now();
      await contender.refresh();
      times[index]!.push(performance.now() - started);
    }
  }
  return contenders.map((contender, index) => ({
    name: contender.name,
    medianMs: median(times[index]!),
    roundTrips: (contender.roundTrips() - tripsBefore[index]!) / RUNS,
  }));
}

function ours(lab: LabState, manager: LabNode): Contender {
  const transport = labSshTransport(lab, manager);
  const client = new SwarmClient(transport);
  return {
    name: 'ours: SwarmClient, warm SshTransport, 4 parallel API calls',
    async refresh() {
      await Promise.all([client.info(), client.listNodes(), client.listServices(), client.listTasks()]);
      const { connectsTotal } = transport.stats();
      if (connectsTotal !== 1) throw new Error(`expected one SSH connection, saw ${connectsTotal}`);
    },
    roundTrips: () => transport.stats().channelsOpened,
    close: () => transport.close(),
  };
}

async function seed(lab: LabState, manager: LabNode): Promise<Contender> {
  const controlDir = mkdtempSync(join(tmpdir(), 'bench-cm-'));
  const sshArgs = [
    '-i',
    lab.sshKeyPath,
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'LogLevel=ERROR',
    '-o',
    'ControlMaster=auto',
    '-o',
    `ControlPath=${join(controlDir, '%C')}`,
    '-o',
    'ControlPersist=60',
    `${lab.sshUser}@${manager.ip}`,
  ];
  let commands = 0;
  const ssh = (remote: string[]) => {
    commands++;
    return run('ssh', [...sshArgs, ...remote]);
  };
  await startControlMaster(sshArgs);
  return {
    name: '(a) seed: docker CLI per ssh command, warm ControlMaster',
    async refresh() {
      const ids = (await ssh(['docker', 'node', 'ls', '--format', "'{{.ID}}'"])).trim().split('\n');
      for (const id of ids) {
        if (!NODE_ID.test(id)) throw new Error(`unexpected node id ${JSON.stringify(id)}`);
        await ssh(['docker', 'node', 'inspect', id, '--format', "'{{json .}}'"]);
      }
      await ssh(['docker', 'service', 'ls', '--format', "'{{json .}}'"]);
    },
    roundTrips: () => commands,
    async close() {
      await run('ssh', ['-o', `ControlPath=${join(controlDir, '%C')}`, '-O', 'exit', `${lab.sshUser}@${manager.ip}`]).catch(() => undefined);
      rmSync(controlDir, { recursive: true, force: true });
    },
  };
}

/** Starts the master in the background with no pipes of ours: it would hold execFile's stdout open for ControlPersist. */
function startControlMaster(sshArgs: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const master = spawn('ssh', ['-M', '-N', '-f', ...sshArgs], { stdio: 'ignore' });
    master.once('error', reject);
    master.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ssh control master exited with ${code}`))));
  });
}

async function floor(lab: LabState, manager: LabNode): Promise<Contender> {
  const client = new Client();
  await new Promise<void>((resolve, reject) => {
    client.once('error', reject).once('ready', () => {
      client.setNoDelay(true);
      resolve();
    });
    client.connect({ host: manager.ip, username: lab.sshUser, privateKey: readFileSync(lab.sshKeyPath) });
  });
  let channels = 0;
  const get = (path: string) =>
    new Promise<number>((resolve, reject) => {
      channels++;
      client.openssh_forwardOutStreamLocal('/var/run/docker.sock', (error, channel) => {
        if (error) return reject(error);
        let bytes = 0;
        channel.on('data', (chunk: Buffer) => (bytes += chunk.length));
        // The engine closes after the answer (Connection: close); closing our half ends the channel.
        channel.on('end', () => {
          channel.end();
          resolve(bytes);
        });
        channel.write(`GET ${path} HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n`);
      });
    });
  return {
    name: '(b) floor: raw HTTP over a bare ssh2 channel each',
    refresh: () => Promise.all(REFRESH_PATHS.map(get)),
    roundTrips: () => channels,
    async close() {
      client.end();
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${file} failed: ${stderr.trim() || error.message}`)) : resolve(stdout),
    );
  });
}

function printTable([ours, seed, floor]: Measured[]): void {
  const rows = [ours!, seed!, floor!];
  const width = Math.max(...rows.map((row) => row.name.length));
  console.log(`${'approach'.padEnd(width)}  ${'median ms'.padStart(10)}  ${'round trips'.padStart(11)}`);
  for (const row of rows) {
    console.log(`${row.name.padEnd(width)}  ${row.medianMs.toFixed(1).padStart(10)}  ${row.roundTrips.toFixed(0).padStart(11)}`);
  }
  const seedOverOurs = seed!.medianMs / ours!.medianMs;
  const oursOverFloor = ours!.medianMs / floor!.medianMs;
  const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
  console.log('');
  console.log(`(a)/ours = ${seedOverOurs.toFixed(1)}x  target >= ${TARGET_SEED_OVER_OURS}x   ${verdict(seedOverOurs >= TARGET_SEED_OVER_OURS)}`);
  console.log(`ours/(b) = ${oursOverFloor.toFixed(2)}x  target <= ${TARGET_OURS_OVER_FLOOR}x  ${verdict(oursOverFloor <= TARGET_OURS_OVER_FLOOR)}`);
}

/** The same refresh on each lab: how each way's time and round trips grow with the node count. */
function printGrowth(results: { nodes: number; measured: Measured[] }[]): void {
  if (results.length < 2) return;
  console.log('\nby node count (median ms / round trips per refresh):');
  console.log(`${'nodes'.padStart(5)}  ${'ours'.padStart(14)}  ${'(a) seed'.padStart(14)}  ${'(b) floor'.padStart(14)}  ${'(a)/ours'.padStart(9)}`);
  for (const { nodes, measured } of results) {
    const cell = (m: Measured) => `${m.medianMs.toFixed(1)} / ${m.roundTrips.toFixed(0)}`.padStart(14);
    const [o, a, b] = measured as [Measured, Measured, Measured];
    console.log(`${String(nodes).padStart(5)}  ${cell(o)}  ${cell(a)}  ${cell(b)}  ${`${(a.medianMs / o.medianMs).toFixed(1)}x`.padStart(9)}`);
  }
  const [first, last] = [results[0]!, results.at(-1)!];
  const grew = (i: number) => last.measured[i]!.medianMs / first.measured[i]!.medianMs;
  console.log(
    `${first.nodes} -> ${last.nodes} nodes: the seed's time x${grew(1).toFixed(1)} (${first.measured[1]!.roundTrips} -> ${last.measured[1]!.roundTrips} commands), ours x${grew(0).toFixed(1)} (${first.measured[0]!.roundTrips} -> ${last.measured[0]!.roundTrips} round trips)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
