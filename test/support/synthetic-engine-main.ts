/**
 * The synthetic engine as a process of its own (`startSyntheticBridgeProcess`): a real manager's engine is another
 * process on another machine, so a benchmark's own client and bookkeeping neither pause it (their collections would
 * also mark the generated swarm, ~50 MB at 10,000 tasks) nor are paused by it. argv: the socket path, then the
 * engine's options as JSON. Prints `ready` once it listens; SIGTERM closes it.
 */
import { type SyntheticEngineOptions, startSyntheticEngine } from './synthetic-engine.ts';

const [socketPath, options] = process.argv.slice(2);
if (!socketPath || !options) throw new Error('usage: synthetic-engine-main.ts <socket path> <engine options as JSON>');
const engine = await startSyntheticEngine({ ...(JSON.parse(options) as Omit<SyntheticEngineOptions, 'socketPath'>), socketPath });
process.once('SIGTERM', () => {
  engine.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
process.stdout.write('ready\n');
