/**
 * The package a panel installs, as declared: one version in package.json, plugin.json and the changelog; every
 * export inside `files`; hono and better-sqlite3 left to the host. test/package-install.lab.test.ts installs it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const pkg = JSON.parse(read('package.json'));
const manifest = JSON.parse(read('plugin.json'));

function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Object.values(value as Record<string, unknown>).flatMap(exportTargets);
}

describe('the package', () => {
  it('has one semver version in package.json, plugin.json and the changelog', () => {
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
    expect(manifest.version).toBe(pkg.version);
    expect(read('CHANGELOG.md')).toContain(`## ${pkg.version} — `);
  });

  it('exports only files it ships, the manifest entry among them', () => {
    const shipped = (path: string) => path === './package.json' || pkg.files.some((dir: string) => path.startsWith(`./${dir}/`));
    expect(exportTargets(pkg.exports).filter((path) => !shipped(path))).toEqual([]);
    expect(pkg.exports['.'].import).toBe(`./${manifest.entry}`);
    expect(Object.values(pkg.bin).filter((path) => !shipped(`./${path}`))).toEqual([]);
  });

  it('leaves hono and better-sqlite3 to the host, and needs no build tools at run time', () => {
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['@types/better-sqlite3', 'better-sqlite3', 'hono']);
    // The contract's database handle is typed with it: a TypeScript panel installs it, a JavaScript one need not.
    expect(pkg.peerDependenciesMeta).toEqual({ '@types/better-sqlite3': { optional: true } });
    for (const name of ['hono', 'better-sqlite3', 'tsx', 'typescript', '@hono/node-server']) expect(pkg.dependencies).not.toHaveProperty(name);
    expect(pkg).not.toHaveProperty('private');
  });
});
