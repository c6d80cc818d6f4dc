/**
 * `npm run build`: the package a panel installs. tsc compiles src/ and views/ (hono/jsx included) into dist/ with
 * declarations, keeping the repository's layout (dist/src, dist/views); then the files the code reads at run time
 * are copied beside them at the same relative paths it uses from src/: plugin.json, the migrations drizzle applies
 * (the SQL and the journal; drizzle-kit's snapshots are for generating, not applying) and the browser assets.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const DIST = root('dist');

rmSync(DIST, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', root('tsconfig.build.json')], { stdio: 'inherit' });

mkdirSync(`${DIST}/migrations/meta`, { recursive: true });
for (const file of readdirSync(root('migrations'))) {
  if (file.endsWith('.sql')) cpSync(root(`migrations/${file}`), `${DIST}/migrations/${file}`);
}
cpSync(root('migrations/meta/_journal.json'), `${DIST}/migrations/meta/_journal.json`);
cpSync(root('views/assets'), `${DIST}/views/assets`, { recursive: true });
// Last: a dist/plugin.json newer than every source says the build finished after they last changed.
cpSync(root('plugin.json'), `${DIST}/plugin.json`);
