#!/usr/bin/env node
// The package runs from its TypeScript sources until it ships a JavaScript build: tsx loads them.
import { register } from 'tsx/esm/api';

register();
await import('../src/mcp/stdio.ts');
