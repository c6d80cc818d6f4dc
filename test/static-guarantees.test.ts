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
    const calls = plugin.flatMap((f) =>
      [...f.text.matchAll(/\.exec(?:Fixed)?\(\s*([^,)]+)/g)].map((m) => ({ path: f.path, arg: m[1]!.trim(), text: f.text })),
    );
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      // A constant declared at module level with a plain string literal (no template, no concatenation).
      const declaration = new RegExp(`^const ${call.arg} = '[^'\\\\$\`]*';$`, 'm');
      expect(call.arg, `${call.path}: exec(${call.arg})`).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(declaration.test(call.text), `${call.path}: ${call.arg} must be a fixed string`).toBe(true);
    }
  });
});
