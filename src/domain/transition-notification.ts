/**
 * A transition in words: what happened, to which node or service of which cluster, the cluster page that
 * shows it, and the structured data a webhook reads (ids, counts, Docker's message).
 */
import type { NotificationKind } from './notification-kinds.ts';
import type { DeployFailure } from './stack-deploy-outcome.ts';
import type { Transition } from './swarm-transitions.ts';

/**
 * The section of a cluster's pages that shows a notification's subject; a service's is the services page
 * searched for its name, which finds it however many pages the list has.
 */
export type ClusterSectionPath = '' | '/services' | `/services?q=${string}` | '/events' | '/secrets' | '/configs' | '/stacks';

export interface ClusterNotification {
  event: NotificationKind | 'cluster.digest';
  level: 'info' | 'warning' | 'error' | 'success';
  title: string;
  message: string;
  /** Where in the cluster's pages to look, relative to the cluster's page. */
  section: ClusterSectionPath;
  data: Record<string, unknown>;
}

interface ClusterRef {
  name: string;
  uuid: string;
}

export function transitionNotification(transition: Transition, cluster: ClusterRef): ClusterNotification {
  const { kind, subject, facts } = transition;
  const data: Record<string, unknown> = { clusterUuid: cluster.uuid, clusterName: cluster.name };
  if (subject.type === 'node') Object.assign(data, { nodeId: subject.id, nodeName: subject.name });
  if (subject.type === 'service') Object.assign(data, { serviceId: subject.id, serviceName: subject.name });
  Object.assign(data, facts);
  const at = `in cluster ${cluster.name}`;
  const service: ClusterSectionPath = `/services?q=${encodeURIComponent(subject.name)}`;
  const docker = typeof facts.message === 'string' && facts.message ? `Docker says: ${facts.message}` : 'Docker gave no message.';
  const words = ((): Omit<ClusterNotification, 'event' | 'data'> => {
    switch (kind) {
      case 'node.down':
        return {
          level: 'error',
          section: '',
          title: `Node ${subject.name} is down ${at}`,
          message: `The swarm reports ${facts.role} ${subject.name} as ${facts.status}; its tasks are rescheduled on other nodes.`,
        };
      case 'node.ready':
        return {
          level: 'success',
          section: '',
          title: `Node ${subject.name} is ready again ${at}`,
          message: `The swarm reports ${facts.role} ${subject.name} as ready.`,
        };
      case 'node.unreachable':
        return {
          level: 'error',
          section: '',
          title: `Manager ${subject.name} is unreachable ${at}`,
          message: `Its raft reachability is ${facts.reachability} although the node is up: it no longer takes part in the managers' majority.`,
        };
      case 'node.flapping':
        return {
          level: 'warning',
          section: '/events',
          title: `Node ${subject.name} is flapping ${at}`,
          message: `It changed state ${facts.changes} times within ${facts.windowSeconds} s (now ${facts.status}). Further changes are not announced until it has been stable for ${facts.windowSeconds} s.`,
        };
      case 'service.short':
        return {
          level: 'warning',
          section: service,
          title: `Service ${subject.name} is below its desired replicas ${at}`,
          message: `${facts.running} of ${facts.desired} replicas running, for ${facts.shortSeconds} s now.`,
        };
      case 'service.recovered':
        return {
          level: 'success',
          section: service,
          title: `Service ${subject.name} is back to its desired replicas ${at}`,
          message: `${facts.running} of ${facts.desired} replicas running.`,
        };
      case 'service.update_paused':
        return {
          level: 'warning',
          section: service,
          title: `The rolling update of ${subject.name} paused ${at}`,
          message: `${docker} Roll it back or fix the service and update it again.`,
        };
      case 'service.update_failed':
        return { level: 'error', section: service, title: `The rolling update of ${subject.name} failed ${at}`, message: docker };
      case 'service.update_rolled_back':
        return { level: 'warning', section: service, title: `The rolling update of ${subject.name} was rolled back ${at}`, message: docker };
      case 'cluster.quorum_at_risk':
        return {
          level: 'error',
          section: '',
          title: `Cluster ${cluster.name} has no manager to spare`,
          message: `${facts.reachable} of ${facts.managers} managers are reachable and raft needs ${facts.quorum}: losing one more manager stops the swarm's management.`,
        };
    }
  })();
  return { event: kind, data, ...words };
}

export interface RotationOutcome {
  kind: 'secret' | 'config';
  family: string;
  from: string;
  to: string;
  rotationId: string;
  /** Why it stopped (the rotation's summary); null when it finished. */
  stopped: string | null;
}

/** A rotation of a secret or config that finished, or stopped with the old version kept. */
export function rotationNotification(outcome: RotationOutcome, cluster: ClusterRef): ClusterNotification {
  const data = { clusterUuid: cluster.uuid, clusterName: cluster.name, ...outcome };
  const section = outcome.kind === 'secret' ? '/secrets' : '/configs';
  if (outcome.stopped === null) {
    return {
      event: 'rotation.finished',
      level: 'success',
      section,
      title: `The rotation of ${outcome.kind} ${outcome.family} finished in cluster ${cluster.name}`,
      message: `Every service that used ${outcome.from} uses ${outcome.to} now, and ${outcome.from} was removed.`,
      data,
    };
  }
  return {
    event: 'rotation.stopped',
    level: 'error',
    section,
    title: `The rotation of ${outcome.kind} ${outcome.family} stopped in cluster ${cluster.name}`,
    message: `${outcome.stopped} Fix the cause and resume it from the ${outcome.kind}'s page.`,
    data,
  };
}

export interface StackDeployFailure {
  stack: string;
  deployedBy: string;
  /** `refused`: Docker refused a write of the deploy; `converge`: the swarm took it and services of it failed. */
  stage: 'refused' | 'converge';
  failures: readonly DeployFailure[];
}

/** A stack deploy Docker refused, or whose services failed to come up or to update. */
export function stackDeployFailedNotification(failure: StackDeployFailure, cluster: ClusterRef): ClusterNotification {
  const what =
    failure.stage === 'refused'
      ? `Docker refused it: ${failure.failures[0]?.message ?? 'no message'}. What was written before the refusal stays.`
      : `The swarm took it, but ${failure.failures.map((f) => `${f.service}: ${f.message}`).join('; ')}.`;
  return {
    event: 'stack.deploy_failed',
    level: 'error',
    section: '/stacks',
    title: `The deploy of stack ${failure.stack} failed in cluster ${cluster.name}`,
    message: `${what} Deployed by ${failure.deployedBy}.`,
    data: {
      clusterUuid: cluster.uuid,
      clusterName: cluster.name,
      stack: failure.stack,
      stage: failure.stage,
      deployedBy: failure.deployedBy,
      failures: failure.failures.map((f) => ({ ...f })),
      message: failure.failures[0]?.message ?? null,
    },
  };
}

/** One notification gathering a cluster's digested ones, oldest first. */
export function digestNotification(cluster: ClusterRef, items: readonly Pick<ClusterNotification, 'event' | 'title' | 'data'>[]): ClusterNotification {
  const shown = items.slice(0, 10).map((i) => i.title);
  const more = items.length > shown.length ? `; and ${items.length - shown.length} more` : '';
  return {
    event: 'cluster.digest',
    level: 'info',
    section: '/events',
    title: `${items.length} ${items.length === 1 ? 'change' : 'changes'} in cluster ${cluster.name}`,
    message: `${shown.join('; ')}${more}.`,
    data: {
      clusterUuid: cluster.uuid,
      clusterName: cluster.name,
      count: items.length,
      items: items.map((i) => ({ event: i.event, title: i.title, data: i.data })),
    },
  };
}
