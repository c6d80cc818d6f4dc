import { describe, expect, it } from 'vitest';
import { DEFAULT_DELIVERY, deliveryMode, NOTIFICATION_KINDS } from './notification-kinds.ts';
import type { Transition, TransitionKind } from './swarm-transitions.ts';
import { transitionNotification } from './transition-notification.ts';

const CLUSTER = { name: 'prod', uuid: 'c-1' };
const node = { type: 'node' as const, id: 'n-1', name: 'worker-2' };
const service = { type: 'service' as const, id: 's-1', name: 'shop_web' };
const cluster = { type: 'cluster' as const, id: '', name: '' };
const DOCKER = 'update paused due to failure or early termination of task x';

/** One transition of each kind, as the rules decide them. */
const TRANSITIONS: Record<TransitionKind, Transition> = {
  'node.down': { kind: 'node.down', subject: node, facts: { status: 'down', role: 'worker' } },
  'node.ready': { kind: 'node.ready', subject: node, facts: { status: 'ready', role: 'worker' } },
  'node.unreachable': { kind: 'node.unreachable', subject: { ...node, name: 'manager-2' }, facts: { reachability: 'unreachable' } },
  'node.flapping': { kind: 'node.flapping', subject: node, facts: { changes: 5, windowSeconds: 60, status: 'down' } },
  'service.short': { kind: 'service.short', subject: service, facts: { running: 1, desired: 3, shortSeconds: 64 } },
  'service.recovered': { kind: 'service.recovered', subject: service, facts: { running: 3, desired: 3 } },
  'service.update_paused': { kind: 'service.update_paused', subject: service, facts: { updateState: 'paused', message: DOCKER } },
  'service.update_failed': { kind: 'service.update_failed', subject: service, facts: { updateState: 'rollback_started', message: DOCKER } },
  'service.update_rolled_back': { kind: 'service.update_rolled_back', subject: service, facts: { updateState: 'rollback_completed', message: null } },
  'cluster.quorum_at_risk': { kind: 'cluster.quorum_at_risk', subject: cluster, facts: { managers: 3, reachable: 2, quorum: 2 } },
};

describe('transitionNotification', () => {
  it('says what happened to which node or service of which cluster, in words', () => {
    const words = Object.fromEntries(
      Object.values(TRANSITIONS).map((t) => {
        const n = transitionNotification(t, CLUSTER);
        return [n.event, [n.level, n.title, n.message]];
      }),
    );
    expect(words).toEqual({
      'node.down': ['error', 'Node worker-2 is down in cluster prod', 'The swarm reports worker worker-2 as down; its tasks are rescheduled on other nodes.'],
      'node.ready': ['success', 'Node worker-2 is ready again in cluster prod', 'The swarm reports worker worker-2 as ready.'],
      'node.unreachable': [
        'error',
        'Manager manager-2 is unreachable in cluster prod',
        "Its raft reachability is unreachable although the node is up: it no longer takes part in the managers' majority.",
      ],
      'node.flapping': [
        'warning',
        'Node worker-2 is flapping in cluster prod',
        'It changed state 5 times within 60 s (now down). Further changes are not announced until it has been stable for 60 s.',
      ],
      'service.short': ['warning', 'Service shop_web is below its desired replicas in cluster prod', '1 of 3 replicas running, for 64 s now.'],
      'service.recovered': ['success', 'Service shop_web is back to its desired replicas in cluster prod', '3 of 3 replicas running.'],
      'service.update_paused': [
        'warning',
        'The rolling update of shop_web paused in cluster prod',
        `Docker says: ${DOCKER} Roll it back or fix the service and update it again.`,
      ],
      'service.update_failed': ['error', 'The rolling update of shop_web failed in cluster prod', `Docker says: ${DOCKER}`],
      'service.update_rolled_back': ['warning', 'The rolling update of shop_web was rolled back in cluster prod', 'Docker gave no message.'],
      'cluster.quorum_at_risk': [
        'error',
        'Cluster prod has no manager to spare',
        "2 of 3 managers are reachable and raft needs 2: losing one more manager stops the swarm's management.",
      ],
    });
  });

  it("links a node's to the overview, a flapping node's to the events, a service's to the services page searched for it", () => {
    const sections = Object.fromEntries(Object.values(TRANSITIONS).map((t) => [t.kind, transitionNotification(t, CLUSTER).section]));
    expect(sections).toEqual({
      'node.down': '',
      'node.ready': '',
      'node.unreachable': '',
      'node.flapping': '/events',
      'service.short': '/services?q=shop_web',
      'service.recovered': '/services?q=shop_web',
      'service.update_paused': '/services?q=shop_web',
      'service.update_failed': '/services?q=shop_web',
      'service.update_rolled_back': '/services?q=shop_web',
      'cluster.quorum_at_risk': '',
    });
    const odd = transitionNotification({ ...TRANSITIONS['service.short'], subject: { ...service, name: 'a&b c' } }, CLUSTER);
    expect(odd.section).toBe('/services?q=a%26b%20c');
  });

  it('carries the cluster, the subject and the facts as data for webhooks', () => {
    expect(transitionNotification(TRANSITIONS['node.down'], CLUSTER).data).toEqual({
      clusterUuid: 'c-1',
      clusterName: 'prod',
      nodeId: 'n-1',
      nodeName: 'worker-2',
      status: 'down',
      role: 'worker',
    });
    expect(transitionNotification(TRANSITIONS['service.update_paused'], CLUSTER).data).toEqual({
      clusterUuid: 'c-1',
      clusterName: 'prod',
      serviceId: 's-1',
      serviceName: 'shop_web',
      updateState: 'paused',
      message: DOCKER,
    });
    expect(transitionNotification(TRANSITIONS['cluster.quorum_at_risk'], CLUSTER).data).toEqual({
      clusterUuid: 'c-1',
      clusterName: 'prod',
      managers: 3,
      reachable: 2,
      quorum: 2,
    });
  });
});

describe('default delivery', () => {
  it('sends every kind at once except node.ready and service.recovered, which are digested; a cluster overrides its team', () => {
    expect(Object.entries(DEFAULT_DELIVERY).filter(([, mode]) => mode !== 'immediate')).toEqual([
      ['node.ready', 'digest'],
      ['service.recovered', 'digest'],
    ]);
    expect(Object.keys(DEFAULT_DELIVERY)).toEqual([...NOTIFICATION_KINDS]);
    expect(deliveryMode('node.ready', { 'node.ready': 'immediate' }, null)).toBe('immediate');
    expect(deliveryMode('node.ready', { 'node.ready': 'immediate' }, { 'node.ready': 'off' })).toBe('off');
    expect(deliveryMode('node.down', { 'node.ready': 'off' }, {})).toBe('immediate');
  });
});
