/** `npm start`: the reference host with the clusters plugin, configured from the environment. */
import { serve } from '@hono/node-server';
import { createHostApp } from './app.ts';
import { readConfig } from './bootstrap.ts';
import { setUpLab } from './lab-demo.ts';
import { createLogger } from './logger.ts';

const config = readConfig(process.env);
const logger = createLogger({ level: config.logLevel });
const host = await createHostApp({
  dataDir: config.dataDir,
  env: process.env,
  admin: config.admin,
  logger,
  trustProxy: config.trustProxy,
  pluginSettings: config.pluginSettings,
});

// Loopback by default: the panel holds SSH keys to every server, so exposing it is a choice (`HOST`).
const server = serve({ fetch: host.app.fetch, port: config.port, hostname: config.host }, async (info) => {
  const shownHost = ['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${shownHost}:${info.port}`;
  const owner = host.owner;
  // Credentials go to stdout for the operator, once; the logger never carries them.
  console.log(`Panel listening on ${url}`);
  console.log(`  login:    ${config.admin.email}`);
  if (owner?.generatedPassword) console.log(`  password: ${owner.generatedPassword}   (generated; shown only this once)`);
  else console.log(`  password: ${config.admin.password ? 'from ADMIN_PASSWORD' : 'unchanged since the first start'}`);
  if (config.admin.token) console.log('  API:      ADMIN_TOKEN is accepted as a read+write bearer token');
  try {
    await host.plugin?.start();
    if (config.lab) await setUpLab(host);
  } catch (err) {
    logger.error('start-up failed', { error: err });
    await shutdown(1);
  }
});

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.close();
  try {
    await host.close();
  } catch (err) {
    logger.error('shutdown failed', { error: err });
    code = 1;
  }
  process.exit(code);
}

// A second line behind the plugin's own promise handling (every promise has an owner there): a rejection that
// still escapes is logged and the panel keeps serving, since an operator needs it most while the swarm is in trouble.
process.on('unhandledRejection', (reason) => {
  logger.error('unhandled rejection', { error: reason, stack: reason instanceof Error ? reason.stack : undefined });
});

process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));
