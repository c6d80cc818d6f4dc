/**
 * Guarantees about the source itself: no dockerode, no local process spawned by the plugin, and every
 * remote command a fixed constant (data travels on stdin or in API bodies, never in command text).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'test-support' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const plugin = sourceFiles(join(ROOT, 'src')).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));

describe('static guarantees', () => {
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
    const fixedExec = plugin.flatMap((f) =>
      [...f.text.matchAll(/\.execFixed\(\s*([^,)]+)/g)].map((m) => ({ ...f, arg: m[1]!.trim() })),
    );
    expect(sshExec.length).toBeGreaterThan(0);
    expect(fixedExec.length).toBeGreaterThan(0);
    for (const call of [...sshExec, ...fixedExec]) {
      // A constant declared at module level with a plain string literal (no template, no concatenation).
      const declaration = new RegExp(`^(?:export )?const ${call.arg} = '[^'\\\\$\`]*';$`, 'm');
      expect(call.arg, `${call.path}: exec(${call.arg})`).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(declaration.test(call.text), `${call.path}: ${call.arg} must be a fixed string`).toBe(true);
    }
  });
});
