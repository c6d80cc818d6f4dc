/**
 * The package installed the way a panel installs it: `npm pack` (which builds), the tarball installed into a fresh
 * project outside this repository that already has its own hono and better-sqlite3, and examples/panel.js with the
 * glue examples/clusters.js started with plain `node` (no tsx, no TypeScript). The panel applies the plugin's
 * migrations and answers a page and the API against the lab swarm; the installed MCP bin runs with plain node too.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labServers } from '../lab/lab.ts';
import { eventually } from './support/plugin-fixture.ts';
import { cli, lab } from './support/test-lab.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TOKEN = 'example-panel-token-0123456789';
const SESSION = 'example-panel-session-0123456789';
const run = promisify(execFile);

/** npm as a person runs it: none of the npm_* variables `npm test` sets, which would point it back at this repository. */
function npm(args: string[], cwd: string) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return run('npm', args, { cwd, env, maxBuffer: 16 * 1024 * 1024 });
}

const versionOf = (name: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

/** Every file under a folder, as full paths. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));

/** Whether dist/ was built after the last change of anything it is built from (scripts/build.ts copies plugin.json last). */
function buildIsCurrent(): boolean {
  const built = join(ROOT, 'dist', 'plugin.json');
  if (!existsSync(built)) return false;
  const inputs = ['src', 'views', 'migrations'].flatMap((folder) => filesUnder(join(ROOT, folder)));
  inputs.push(...['plugin.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.ts'].map((file) => join(ROOT, file)));
  const builtAt = statSync(built).mtimeMs;
  return inputs.every((file) => statSync(file).mtimeMs < builtAt);
}

describe('the package installed into a panel of plain JavaScript', () => {
  let dir: string;
  let project: string;
  let panel: ChildProcess;
  let exited: Promise<unknown>;
  let url: string;
  let log = '';
  let uuid: string;

  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${url}/api/v1/clusters${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, ...init.headers } });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'panel-install-'));
    const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
    const packStart = performance.now();
    // `npm pack` builds first, unless the build is newer than the sources (CI has just run `npm run build`).
    const pack = ['pack', '--json', '--pack-destination', dir, ...(buildIsCurrent() ? ['--ignore-scripts'] : [])];
    const [packed] = JSON.parse((await npm(pack, ROOT)).stdout) as { filename: string }[];

    // A panel that already runs Hono and better-sqlite3. Its better-sqlite3 is built (copied from this repository's,
    // as the panel's own would be), so nothing native is compiled: install scripts are off, which also leaves out
    // ssh2's optional native crypto (it uses Node's). Pinned to the versions here, which npm's cache holds.
    project = join(dir, 'panel');
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    const dependencies = Object.fromEntries(['hono', '@hono/node-server', 'node-cron', 'better-sqlite3'].map((name) => [name, versionOf(name)]));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'example-panel', private: true, type: 'module', dependencies }));
    for (const name of ['better-sqlite3', 'bindings', 'file-uri-to-path']) {
      cpSync(join(ROOT, 'node_modules', name), join(project, 'node_modules', name), { recursive: true });
    }
    for (const file of ['panel.js', 'clusters.js']) cpSync(join(ROOT, 'examples', file), join(project, file));

    const packSeconds = seconds(packStart);
    const installStart = performance.now();
    await npm(['install', join(dir, packed!.filename), '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], project);
    console.info(
      `package install: npm pack ${pack.includes('--ignore-scripts') ? '(build current)' : '(with the build)'} ${packSeconds} s, npm install of the tarball ${seconds(installStart)} s`,
    );

    const servers = labServers(lab).map(({ name, ip, port, user, swarmManager, swarmWorker }) => ({
      name,
      ip,
      port,
      user,
      swarmManager,
      swarmWorker,
      privateKeyFile: lab.sshKeyPath,
    }));
    panel = spawn(process.execPath, ['panel.js'], {
      cwd: project,
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        DATA_DIR: join(project, 'data'),
        LOG_LEVEL: 'warn',
        PANEL_SEED: JSON.stringify({ email: 'owner@example.com', token: TOKEN, session: SESSION, servers }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exited = new Promise((resolve) => panel.once('exit', resolve));
    panel.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    panel.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    url = await eventually(
      async () => {
        if (panel.exitCode !== null) throw new Error(`the panel exited with ${panel.exitCode}: ${log}`);
        return /Panel listening on (http:\/\/\S+)/.exec(log)?.[1] ?? null;
      },
      { timeoutMs: 30_000, what: 'the example panel to listen' },
    );
    // A build and an npm install: minutes on a busy 2-core machine (the test prints both figures).
  }, 600_000);

  afterAll(async () => {
    if (panel?.exitCode === null) {
      panel.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('installs JavaScript and declarations only, on the panel’s one hono', () => {
    const installed = join(project, 'node_modules', 'swarm-clusters-plugin');
    const sources = filesUnder(installed).filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.d.ts'));
    expect(sources).toEqual([]);
    expect(filesUnder(installed).some((file) => file.endsWith('dist/src/index.d.ts'))).toBe(true);
    const modules = readdirSync(join(project, 'node_modules'));
    expect(modules).not.toContain('tsx');
    expect(modules).not.toContain('typescript');
    expect(existsSync(join(installed, 'node_modules', 'hono'))).toBe(false);
    expect(existsSync(join(project, 'node_modules', 'hono'))).toBe(true);
  });

  it('applied its migrations to a SQLite file of its own', () => {
    const journal = JSON.parse(readFileSync(join(project, 'node_modules/swarm-clusters-plugin/dist/migrations/meta/_journal.json'), 'utf8'));
    const sqlite = new Database(join(project, 'data', 'clusters.sqlite'), { readonly: true });
    try {
      const applied = sqlite.prepare('select count(*) as n from __clusters_plugin_migrations').get() as { n: number };
      expect(applied.n).toBe(journal.entries.length);
      expect(sqlite.prepare("select name from sqlite_master where name = 'clusters'").get()).toBeTruthy();
    } finally {
      sqlite.close();
    }
  });

  it('detects the lab swarm through the API and lists its nodes as the docker CLI does', async () => {
    const detected = await api('/detect', { method: 'POST' });
    expect(detected.status).toBe(200);
    expect(detected.body.data).toHaveLength(1);
    uuid = detected.body.data[0].uuid;
    const nodes = await api(`/${uuid}/nodes`);
    expect(nodes.status).toBe(200);
    const hostnames = (await cli(['node', 'ls', '--format', '{{.Hostname}}'])).trim().split('\n').sort();
    expect(nodes.body.data.map((node: { hostname: string }) => node.hostname).sort()).toEqual(hostnames);
  });

  it('renders the cluster page inside the panel’s layout, with the plugin’s assets', async () => {
    const res = await fetch(`${url}/clusters/${uuid}`, { headers: { cookie: `panel_session=${SESSION}` } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('· Example panel</title>');
    expect(html).toContain('aria-current="page"');
    const css = /href="(\/clusters\/assets\/clusters\.css\?v=\w+)"/.exec(html)?.[1];
    expect(css).toBeTruthy();
    const asset = await fetch(`${url}${css}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('takes a page’s write with the session’s CSRF header, and refuses it without', async () => {
    const page = await (await fetch(`${url}/clusters/${uuid}`, { headers: { cookie: `panel_session=${SESSION}` } })).text();
    const csrf = /hx-headers="\{&#34;X-CSRF-Token&#34;:&#34;(\w+)&#34;\}"/.exec(page)?.[1];
    expect(csrf).toBeTruthy();
    const sync = (headers: Record<string, string>) =>
      fetch(`${url}/clusters/${uuid}/sync`, { method: 'POST', headers: { cookie: `panel_session=${SESSION}`, 'hx-request': 'true', origin: url, ...headers } });
    expect((await sync({})).status).toBe(403);
    expect((await sync({ 'x-csrf-token': csrf! })).status).toBe(200);
  });

  it('runs the installed MCP bin with plain node against the panel', async () => {
    const client = new Client({ name: 'package-install', version: '1' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: ['node_modules/.bin/swarm-clusters-mcp'],
        cwd: project,
        env: { ...getDefaultEnvironment(), PANEL_URL: url, PANEL_TOKEN: TOKEN },
      }),
    );
    try {
      const result = await client.callTool({ name: 'list-clusters', arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(JSON.stringify(result.structuredContent)).toContain(uuid);
    } finally {
      await client.close();
    }
  });
});
