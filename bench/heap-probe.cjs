// Loaded into the host's process by `npm run bench:live` only (`--require`, with `--expose-gc`): on SIGUSR2, a full
// collection, then the heap in use and the RSS as one line on stderr for the bench to read. What a full collection
// leaves is what the host keeps; the heap and RSS read without one also count garbage V8 has not collected yet.
process.on('SIGUSR2', () => {
  globalThis.gc();
  const { heapUsed, rss } = process.memoryUsage();
  process.stderr.write(`heap-probe ${JSON.stringify({ heapUsed, rss })}\n`);
});
