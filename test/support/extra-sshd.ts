import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LabState, labNode } from '../../lab/lab.ts';

export interface ExtraSshd {
  host: string;
  port: number;
  /** Ends the listener and every session it forked: established connections drop. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops and removes its files. */
  dispose(): Promise<void>;
}

/**
 * An sshd of our own inside a lab node's namespaces, on its own port, so a test can restart it or forbid
 * stream forwarding without touching the lab's sshd that other tests use.
 */
export async function startExtraSshd(
  lab: LabState,
  nodeName: string,
  options: { port: number; allowStreamLocalForwarding: boolean; dockerHost?: string },
): Promise<ExtraSshd> {
  const node = labNode(lab, nodeName);
  const dir = mkdtempSync(join(tmpdir(), 'extra-sshd-'));
  const hostKey = join(dir, 'host_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  copyFileSync(`${lab.sshKeyPath}.pub`, join(dir, 'authorized_keys'));
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `ListenAddress ${node.ip}:${options.port}`,
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      `AllowStreamLocalForwarding ${options.allowStreamLocalForwarding ? 'yes' : 'no'}`,
      'MaxSessions 100',
      ...(options.dockerHost ? [`SetEnv DOCKER_HOST=${options.dockerHost}`] : []),
      'MaxStartups 100',
      '',
    ].join('\n'),
  );

  let child: ChildProcess | undefined;
  const start = async () => {
    // nsenter execs sshd (no pid namespace), so child.pid is the listener's pid.
    child = spawn('nsenter', ['-t', String(node.holderPid), '--net', '--mount', '--uts', '--', '/usr/sbin/sshd', '-D', '-e', '-f', config], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.resume();
    await waitForPort(node.ip, options.port, 10_000);
  };
  const stop = async () => {
    const listener = child;
    child = undefined;
    if (!listener?.pid || listener.exitCode !== null) return;
    const exited = new Promise((resolve) => listener.once('exit', resolve));
    for (const pid of [...descendantsOf(listener.pid), listener.pid]) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await exited;
  };
  await start();
  return {
    host: node.ip,
    port: options.port,
    stop,
    start,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function descendantsOf(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name, which is in parentheses and may contain spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited meanwhile
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    for (const child of parents.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

async function waitForPort(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host, port });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`sshd on ${host}:${port} did not listen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
