import { describe, expect, it } from 'vitest';
import { type NodeFacts, observeNodeEvent, observeSwarm, type ServiceFacts, updateTransition, type WatchState } from './swarm-transitions.ts';

const RULES = { shortGraceMs: 60_000, flapWindowMs: 60_000, flapLimit: 4 };

const node = (id: string, patch: Partial<NodeFacts> = {}): NodeFacts => ({
  id,
  hostname: id,
  role: 'worker',
  status: 'ready',
  managerReachability: null,
  ...patch,
});
const manager = (id: string, patch: Partial<NodeFacts> = {}) => node(id, { role: 'manager', managerReachability: 'reachable', ...patch });
const service = (id: string, patch: Partial<ServiceFacts> = {}): ServiceFacts => ({
  id,
  name: id,
  mode: 'replicated',
  replicasRunning: 2,
  replicasDesired: 2,
  updateState: null,
  updateMessage: null,
  updatedAt: '2026-01-01T00:00:00Z',
  ...patch,
});

/** Feeds snapshots one after the other, returning every transition kind seen (with its subject). */
function run(snapshots: { at: number; nodes?: NodeFacts[]; services?: ServiceFacts[] }[], start: WatchState | null = null) {
  let state = start;
  const seen: string[] = [];
  for (const s of snapshots) {
    const result = observeSwarm(state, { at: s.at, nodes: s.nodes ?? [], services: s.services ?? [] }, RULES);
    state = result.state;
    seen.push(...result.transitions.map((t) => `${t.kind} ${t.subject.name}`.trim()));
  }
  return { seen, state: state! };
}

describe('observeSwarm: nodes', () => {
  it('announces a node going down once, however many syncs see it down, and ready once', () => {
    const { seen } = run([
      { at: 0, nodes: [node('w1'), node('w2')] },
      { at: 1000, nodes: [node('w1', { status: 'down' }), node('w2')] },
      { at: 2000, nodes: [node('w1', { status: 'down' }), node('w2')] },
      { at: 3000, nodes: [node('w1', { status: 'down' }), node('w2', { status: 'down' })] },
      { at: 4000, nodes: [node('w1'), node('w2', { status: 'down' })] },
    ]);
    expect(seen).toEqual(['node.down w1', 'node.down w2', 'node.ready w1']);
  });

  it('announces a node found down at first sight, and keeps quiet about one joining (unknown)', () => {
    expect(run([{ at: 0, nodes: [node('w1', { status: 'down' }), node('w2', { status: 'unknown' })] }]).seen).toEqual(['node.down w1']);
  });

  it('bounds a flapping node to the limit plus one summary, then says where it settled', () => {
    const snapshots = [{ at: 0, nodes: [node('w1')] }];
    for (let i = 1; i <= 10; i++) snapshots.push({ at: i * 3000, nodes: [node('w1', { status: i % 2 ? 'down' : 'ready' })] });
    const flapped = run(snapshots);
    expect(flapped.seen).toEqual(['node.down w1', 'node.ready w1', 'node.down w1', 'node.ready w1', 'node.flapping w1']);
    // Down when it stopped flapping: still quiet within the window, announced once it was stable for a whole one.
    const down = run([{ at: 33_000, nodes: [node('w1', { status: 'down' })] }], flapped.state);
    expect(down.seen).toEqual([]);
    const settled = run(
      [
        { at: 80_000, nodes: [node('w1', { status: 'down' })] },
        { at: 95_000, nodes: [node('w1', { status: 'down' })] },
      ],
      down.state,
    );
    expect(settled.seen).toEqual(['node.down w1']);
  });

  it('counts the changes the event stream reports between snapshots, and lets a snapshot read before one say nothing of that node', () => {
    let { state } = run([{ at: 0, nodes: [node('w1'), node('w2')] }]);
    const seen: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const observed = observeNodeEvent(state, { nodeId: 'w1', status: i % 2 ? 'down' : 'ready', at: i * 1000 }, RULES)!;
      seen.push(...observed.transitions.map((t) => t.kind));
      state = observed.state;
    }
    expect(seen).toEqual(['node.down', 'node.ready', 'node.down', 'node.ready', 'node.flapping']);
    // Read at 4.5 s, before the last change: w1 is left as the event stream said, w2 is judged.
    const late = run([{ at: 4500, nodes: [node('w1'), node('w2', { status: 'down' })] }], state);
    expect(late.seen).toEqual(['node.down w2']);
    expect(late.state.nodes.w1).toEqual(state.nodes.w1);
    // Nothing to judge: an unwatched node, a state that is neither up nor down, the state already known.
    expect(observeNodeEvent(state, { nodeId: 'w9', status: 'down', at: 6000 }, RULES)).toBeNull();
    expect(observeNodeEvent(state, { nodeId: 'w2', status: 'unknown', at: 6000 }, RULES)).toBeNull();
    expect(observeNodeEvent(late.state, { nodeId: 'w2', status: 'down', at: 6000 }, RULES)).toBeNull();
  });

  it('announces a manager that lost reachability while up, but not one that is down (its node.down says it)', () => {
    const { seen } = run([
      { at: 0, nodes: [manager('m1'), manager('m2')] },
      { at: 1000, nodes: [manager('m1', { managerReachability: 'unreachable' }), manager('m2', { status: 'down', managerReachability: 'unreachable' })] },
      { at: 2000, nodes: [manager('m1', { managerReachability: 'unreachable' }), manager('m2', { status: 'down', managerReachability: 'unreachable' })] },
    ]);
    expect(seen).toEqual(['node.unreachable m1', 'node.down m2']);
  });

  it('says quorum is at risk once when a three-manager swarm has no spare left, never for a single manager', () => {
    const three = run([
      { at: 0, nodes: [manager('m1'), manager('m2'), manager('m3')] },
      { at: 1000, nodes: [manager('m1'), manager('m2'), manager('m3', { status: 'down', managerReachability: 'unreachable' })] },
      { at: 2000, nodes: [manager('m1'), manager('m2'), manager('m3', { status: 'down', managerReachability: 'unreachable' })] },
    ]);
    expect(three.seen).toEqual(['node.down m3', 'cluster.quorum_at_risk']);
    expect(run([{ at: 0, nodes: [manager('m1')] }]).seen).toEqual([]);
  });

  it('ignores a snapshot older than the state (a slow read arriving after a newer one)', () => {
    const first = run([{ at: 5000, nodes: [node('w1', { status: 'down' })] }]);
    expect(run([{ at: 4000, nodes: [node('w1')] }], first.state).seen).toEqual([]);
  });
});

describe('observeSwarm: services', () => {
  it('announces a short service only after the grace period, once, and its recovery once', () => {
    const short = service('web', { replicasRunning: 1, replicasDesired: 3 });
    const { seen } = run([
      { at: 0, services: [service('web')] },
      { at: 10_000, services: [short] },
      { at: 50_000, services: [short] },
      { at: 70_000, services: [short] },
      { at: 80_000, services: [short] },
      { at: 90_000, services: [service('web', { replicasDesired: 3, replicasRunning: 3 })] },
    ]);
    expect(seen).toEqual(['service.short web', 'service.recovered web']);
  });

  it('says nothing of a service short for less than the grace period (a rolling update)', () => {
    const { seen } = run([
      { at: 0, services: [service('web')] },
      { at: 10_000, services: [service('web', { replicasRunning: 1, updateState: 'updating' })] },
      { at: 40_000, services: [service('web', { updateState: 'completed' })] },
    ]);
    expect(seen).toEqual([]);
  });

  it('announces a paused update once per update, with its message', () => {
    const paused = service('web', { updateState: 'paused', updateMessage: 'update paused due to failure or early termination of task x', updatedAt: 't2' });
    const result = observeSwarm(
      run([{ at: 0, services: [service('web', { updateState: 'updating', updatedAt: 't1' })] }]).state,
      { at: 1000, nodes: [], services: [paused] },
      RULES,
    );
    expect(result.transitions).toEqual([
      {
        kind: 'service.update_paused',
        subject: { type: 'service', id: 'web', name: 'web' },
        facts: { updateState: 'paused', message: 'update paused due to failure or early termination of task x' },
      },
    ]);
    expect(run([{ at: 2000, services: [paused] }], result.state).seen).toEqual([]);
    expect(run([{ at: 3000, services: [{ ...paused, updatedAt: 't3' }] }], result.state).seen).toEqual(['service.update_paused web']);
  });

  it('tells a failed update (automatic rollback) from a rollback someone asked for', () => {
    expect(updateTransition('rollback_started', 'update rolled back due to failure or early termination of task x', false)).toBe('service.update_failed');
    expect(updateTransition('rollback_started', 'manually requested rollback', false)).toBeNull();
    expect(updateTransition('rollback_completed', 'rollback completed', false)).toBe('service.update_rolled_back');
    expect(updateTransition('rollback_completed', 'rollback completed', true)).toBeNull();
    expect(updateTransition('paused', null, true)).toBe('service.update_paused');
    expect(updateTransition('completed', null, false)).toBeNull();
  });

  it('does not treat jobs below their count as short', () => {
    const job = service('once', { mode: 'replicated-job', replicasRunning: 0, replicasDesired: 1 });
    expect(
      run([
        { at: 0, services: [job] },
        { at: 100_000, services: [job] },
      ]).seen,
    ).toEqual([]);
  });
});
