/**
 * Every summary builder costs O(nodes + services + tasks): building the summaries of a swarm twice the size must not do
 * more than three times the work. The work is counted, not timed (a shared machine makes times noisy): every read
 * of an element of an input list, through a proxy on the lists, so a per-node or per-service scan of the whole
 * task list shows as a read count growing with the square of the size.
 */
import { describe, expect, it } from 'vitest';
import { managerAccess, type SwarmSize, syntheticSwarm } from '../../test/support/synthetic-swarm.ts';
import type { ClusterRow } from '../db/schema.ts';
import { overviewCounts } from '../domain/cluster-overview.ts';
import { isConverging } from '../domain/convergence.ts';
import { visualizerColumns } from '../domain/visualizer-grid.ts';
import { type SwarmReads, SwarmState } from './swarm-state.ts';
import { TtlCache } from './ttl-cache.ts';

const TTL = { info: 60, nodes: 60, services: 60, tasks: 60, resources: 60, joinTokens: 60 };
const cluster = { id: 1 } as ClusterRow;

/** The list, with each read of one of its elements counted. */
function counted<T>(items: T[], work: { reads: number }): T[] {
  return new Proxy(items, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) work.reads++;
      return Reflect.get(target, key, receiver);
    },
  });
}

/** The element reads of building every summary the API and the pages build from one snapshot of a swarm. */
async function summaryWork(size: SwarmSize): Promise<number> {
  const work = { reads: 0 };
  const swarm = syntheticSwarm(size);
  const client: SwarmReads = {
    info: () => Promise.reject(new Error('not read here')),
    swarm: () => Promise.reject(new Error('not read here')),
    listNodes: async () => counted(swarm.nodes, work),
    listServices: async () => counted(swarm.services, work),
    listServiceNames: async () => counted(swarm.services, work),
    listTaskRecords: async () => counted(swarm.tasks, work),
    listTaskPlacements: async () => counted(swarm.tasks, work),
  };
  const state = new SwarmState(managerAccess(client), new TtlCache(), TTL);
  const [nodes, services, tasks] = await Promise.all([state.nodes(cluster), state.services(cluster), state.tasks(cluster)]);
  await state.visualizer(cluster);
  expect(nodes.data).toHaveLength(size.nodes);
  expect(services.data).toHaveLength(size.services);
  expect(tasks.data).toHaveLength(size.tasks);
  const views = { nodes: counted(nodes.data, work), services: counted(services.data, work), tasks: counted(tasks.data, work) };
  visualizerColumns(views.nodes, views.tasks);
  overviewCounts(views);
  isConverging(views);
  return work.reads;
}

describe('summary builders', () => {
  it('do at most three times the work for a swarm twice the size', async () => {
    const small = await summaryWork({ nodes: 25, services: 250, tasks: 2_500 });
    const large = await summaryWork({ nodes: 50, services: 500, tasks: 5_000 });
    expect(small).toBeGreaterThan(2_500);
    expect(large / small).toBeLessThanOrEqual(3);
  });
});
