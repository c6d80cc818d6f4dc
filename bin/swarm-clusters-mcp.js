#!/usr/bin/env node
// Installed, the package runs its JavaScript build with plain node. In the repository (the sources are there, a
// build may be missing or stale) tsx loads the TypeScript sources instead.
import { existsSync } from 'node:fs';

const source = new URL('../src/mcp/stdio.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import('../dist/src/mcp/stdio.js');
}
