/**
 * Guarantees about the source itself: the layers import only what docs/architecture.md allows them, no
 * dockerode, no local process spawned by the plugin, every remote command a fixed constant (data travels on stdin
 * or in API bodies, never in command text), and no module mocked by a test.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, type SourceImport, sourceFiles } from './support/source-imports.ts';

const ROOT = new URL('..', import.meta.url).pathname;

const plugin = sourceFiles(join(ROOT, 'src')).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));
const imports = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'views'))].flatMap((path) => importsOf(ROOT, path));

/** Our own modules (relative specifiers); packages are not the layers' business. */
const ours = (i: SourceImport) => !/^[a-z@]/.test(i.target) || /^(src|views|host|lab|test)\//.test(i.target);
const under = (folder: string) => (path: string) => path.startsWith(folder);

interface LayerRule {
  name: string;
  /** The importing files the rule is about. */
  from: (file: string) => boolean;
  /** Whether one of our modules may be imported by them. */
  allows: (i: SourceImport) => boolean;
}

const LAYER_RULES: LayerRule[] = [
  {
    name: 'domain imports only domain, and types from docker/schemas.ts',
    from: under('src/domain/'),
    allows: (i) => under('src/domain/')(i.target) || (i.typeOnly && i.target === 'src/docker/schemas.ts'),
  },
  {
    name: 'views import only views, and domain types',
    from: under('views/'),
    allows: (i) => under('views/')(i.target) || (i.typeOnly && under('src/domain/')(i.target)),
  },
  {
    name: 'routes reach the database and Docker only through services (and never the composition root)',
    from: under('src/routes/'),
    allows: (i) => !under('src/db/')(i.target) && !under('src/docker/')(i.target) && i.target !== 'src/plugin-context.ts',
  },
  {
    name: 'docker imports only docker, and types of the host contract',
    from: under('src/docker/'),
    allows: (i) => under('src/docker/')(i.target) || (i.typeOnly && under('src/contract/')(i.target)),
  },
  {
    name: 'db and services never import routes or views',
    from: (file) => under('src/db/')(file) || under('src/services/')(file),
    allows: (i) => !under('src/routes/')(i.target) && !under('views/')(i.target),
  },
  {
    name: 'mcp reaches the plugin only through its REST API: it imports only mcp',
    from: under('src/mcp/'),
    allows: (i) => under('src/mcp/')(i.target),
  },
  {
    name: 'nothing in src imports lab, test or host',
    from: under('src/'),
    allows: (i) => !/^(lab|test|host)\//.test(i.target),
  },
];

describe('static guarantees', () => {
  it('finds the imports of every kind', () => {
    const app = imports.filter((i) => i.file === 'src/index.ts');
    expect(app).toContainEqual({ file: 'src/index.ts', target: 'hono', typeOnly: false });
    expect(app).toContainEqual({ file: 'src/index.ts', target: 'src/contract/plugin.ts', typeOnly: true });
    expect(imports.filter((i) => i.typeOnly).length).toBeGreaterThan(20);
  });

  it.each(LAYER_RULES)('$name', (rule) => {
    const violations = imports.filter((i) => rule.from(i.file) && ours(i) && !rule.allows(i)).map((i) => `${i.file} -> ${i.target}`);
    expect(violations).toEqual([]);
  });

  it('never casts through unknown, tests included: the types say what a value is, or a guard, schema or narrow fake does', () => {
    const files = ['src', 'host', 'views', 'test', 'bench', 'lab', 'scripts'].flatMap((folder) => sourceFiles(join(ROOT, folder), { tests: true }));
    expect(files.length).toBeGreaterThan(300);
    const offenders = files.filter((path) => /\bas unknown as\b/.test(readFileSync(path, 'utf8'))).map((path) => relative(ROOT, path));
    expect(offenders).toEqual([]);
  });

  it('mocks no module in a test: the unit tier shares module caches between files (isolate: false), where a mock leaks', () => {
    const tests = ['src', 'host', 'views', 'test']
      .flatMap((folder) => sourceFiles(join(ROOT, folder), { tests: true }))
      .filter((path) => /\.test\.tsx?$/.test(path));
    expect(tests.length).toBeGreaterThan(100);
    const offenders = tests.filter((path) => /\bvi\.(do)?mock\(/.test(readFileSync(path, 'utf8'))).map((path) => relative(ROOT, path));
    expect(offenders).toEqual([]);
  });

  it('does not depend on dockerode', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    const lock = readFileSync(join(ROOT, 'package-lock.json'), 'utf8');
    expect({ ...pkg.dependencies, ...pkg.devDependencies }).not.toHaveProperty('dockerode');
    expect(lock).not.toContain('node_modules/dockerode');
  });

  it('never spawns a local process from the plugin', () => {
    expect(plugin.length).toBeGreaterThan(20);
    const offenders = plugin.filter((f) => /child_process/.test(f.text)).map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('runs remote commands only from module-level string constants', () => {
    // ssh2's exec is reached only through openExec(client, command); its callers pass a constant, or the
    // `command` that execFixed passes through, and every caller of execFixed passes a constant.
    const sshFiles = plugin.filter((f) => /from 'ssh2'/.test(f.text));
    const rawExec = sshFiles.flatMap((f) => [...f.text.matchAll(/\bclient\.exec\(\s*([^,)]+)/g)].map((m) => m[1]!.trim()));
    expect(rawExec).toEqual(['command']);
    const sshExec = sshFiles
      .flatMap((f) => [...f.text.matchAll(/(?<!function )\bopenExec\([^,]+,\s*([^,)]+)/g)].map((m) => ({ ...f, arg: m[1]!.trim() })))
      .filter((call) => call.arg !== 'command');
    const fixedExec = plugin.flatMap((f) => [...f.text.matchAll(/\.execFixed\(\s*([^,)]+)/g)].map((m) => ({ ...f, arg: m[1]!.trim() })));
    expect(sshExec.length).toBeGreaterThan(0);
    expect(fixedExec.length).toBeGreaterThan(0);
    for (const call of [...sshExec, ...fixedExec]) {
      // A constant declared at module level with a plain string literal (no template, no concatenation), on the
      // next line when it is long.
      const declaration = new RegExp(`^(?:export )?const ${call.arg} =\\s+'[^'\\\\$\`]*';$`, 'm');
      expect(call.arg, `${call.path}: exec(${call.arg})`).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(declaration.test(call.text), `${call.path}: ${call.arg} must be a fixed string`).toBe(true);
    }
  });
});
