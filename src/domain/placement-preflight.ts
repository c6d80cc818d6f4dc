/**
 * Which nodes of the cluster could run an application's tasks now, evaluated the way swarmkit evaluates
 * placement (constraint values compare case-insensitively, a missing label reads as empty), with a reason per
 * node that could not and a warning per constraint that names something no node has (a mistyped hostname).
 */
import type { EngineNode } from '../docker/schemas.ts';
import { formatByteSize, formatCpus, parseByteSize, parseCpus } from './compose-units.ts';
import { formatConstraint, type PlacementConstraint, parseConstraint, placementConstraints, type SwarmSettings } from './swarm-deploy-config.ts';
import { type NodeSummary, toNodeSummary } from './swarm-summaries.ts';

export interface PlacementNode extends Pick<NodeSummary, 'id' | 'hostname' | 'role' | 'status' | 'availability' | 'labels' | 'memoryBytes'> {
  engineLabels: Record<string, string>;
  platform: { os: string; arch: string };
  nanoCpus: number;
}

export interface NodeVerdict {
  node: PlacementNode;
  matches: boolean;
  /** Why the scheduler would not place a task there; empty when it matches. */
  reasons: string[];
}

export interface ConstraintWarning {
  /** Index into the settings' `constraints` (the form row). */
  index: number;
  message: string;
}

export interface PreflightResult {
  nodes: NodeVerdict[];
  matching: PlacementNode[];
  warnings: ConstraintWarning[];
  /** Set when no node matches: the tasks would stay pending. */
  problem: string | null;
}

export function placementNodes(nodes: readonly EngineNode[]): PlacementNode[] {
  return nodes.map((node) => {
    const view = toNodeSummary(node, []);
    return {
      id: view.id,
      hostname: view.hostname,
      role: view.role,
      status: view.status,
      availability: view.availability,
      labels: view.labels,
      memoryBytes: view.memoryBytes,
      nanoCpus: node.Description?.Resources?.NanoCPUs ?? 0,
      engineLabels: node.Description?.Engine?.Labels ?? {},
      platform: { os: node.Description?.Platform?.OS ?? '', arch: node.Description?.Platform?.Architecture ?? '' },
    };
  });
}

/** What a node has for a constraint field; `undefined` for a label it does not carry. */
function nodeValue(node: PlacementNode, field: string): string | undefined {
  if (field.startsWith('node.labels.')) return node.labels[field.slice('node.labels.'.length)];
  if (field.startsWith('engine.labels.')) return node.engineLabels[field.slice('engine.labels.'.length)];
  switch (field.toLowerCase()) {
    case 'node.id':
      return node.id;
    case 'node.hostname':
      return node.hostname;
    case 'node.role':
      return node.role;
    case 'node.platform.os':
      return node.platform.os;
    case 'node.platform.arch':
      return node.platform.arch;
    default:
      return undefined;
  }
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function satisfies(node: PlacementNode, c: PlacementConstraint): boolean {
  const equal = same(nodeValue(node, c.field) ?? '', c.value);
  return c.operator === '==' ? equal : !equal;
}

function mismatch(node: PlacementNode, c: PlacementConstraint): string {
  const actual = nodeValue(node, c.field);
  const rule = formatConstraint(c);
  if (c.operator === '!=') return `${rule}: it is ${c.value}`;
  if (actual === undefined || actual === '') {
    return c.field.includes('.labels.') ? `${rule}: it has no label ${c.field.split('.labels.')[1]}` : `${rule}: it has none`;
  }
  return `${rule}: it is ${actual}`;
}

export function preflightPlacement(settings: SwarmSettings, nodes: readonly PlacementNode[]): PreflightResult {
  // Validated settings: every constraint reads back as `field op value` with op `==` or `!=`.
  const constraints = placementConstraints(settings).map((text) => parseConstraint(text) as PlacementConstraint);
  const reservedCpus = settings.resources.reservations.cpus === null ? 0 : (parseCpus(settings.resources.reservations.cpus) ?? 0);
  const reservedMemory = settings.resources.reservations.memory === null ? 0 : (parseByteSize(settings.resources.reservations.memory) ?? 0);

  const verdicts: NodeVerdict[] = nodes.map((node) => {
    const reasons: string[] = [];
    if (node.status !== 'ready') reasons.push(`it is ${node.status}`);
    if (node.availability !== 'active') reasons.push(`its availability is ${node.availability}`);
    for (const c of constraints) if (!satisfies(node, c)) reasons.push(mismatch(node, c));
    if (reservedCpus > node.nanoCpus) reasons.push(`it has ${formatCpus(node.nanoCpus)} CPUs, a task reserves ${formatCpus(reservedCpus)}`);
    if (reservedMemory > node.memoryBytes) {
      reasons.push(`it has ${formatByteSize(node.memoryBytes)} of memory, a task reserves ${formatByteSize(reservedMemory)}`);
    }
    return { node, matches: reasons.length === 0, reasons };
  });

  const warnings: ConstraintWarning[] = [];
  settings.constraints.forEach((c, index) => {
    if (c.operator !== '==') return;
    const message = unknownTarget(c, nodes);
    if (message) warnings.push({ index, message });
  });

  const matching = verdicts.filter((v) => v.matches).map((v) => v.node);
  const problem =
    matching.length > 0 ? null : nodes.length === 0 ? 'the cluster reports no nodes' : 'no node can run this service now: its tasks would stay pending';
  return { nodes: verdicts, matching, warnings, problem };
}

/** A message when no node at all has what an `==` constraint asks for (a typo, a node gone, a label not set). */
function unknownTarget(c: { field: string; value: string }, nodes: readonly PlacementNode[]): string | null {
  if (nodes.some((n) => same(nodeValue(n, c.field) ?? '', c.value))) return null;
  const label = c.field.match(/^(node|engine)\.labels\.(.+)$/);
  if (label) {
    const key = label[2]!;
    const values = [...new Set(nodes.map((n) => nodeValue(n, c.field)).filter((v): v is string => v !== undefined))];
    return values.length ? `no node has ${key}=${c.value} (values in use: ${values.sort().join(', ')})` : `no node has the ${label[1]} label ${key}`;
  }
  switch (c.field.toLowerCase()) {
    case 'node.hostname':
      return `no node is called ${c.value} (nodes: ${nodes
        .map((n) => n.hostname)
        .sort()
        .join(', ')})`;
    case 'node.id':
      return `no node has the id ${c.value}`;
    case 'node.role':
      return `the cluster has no ${c.value.toLowerCase()} node`;
    default:
      return `no node has ${c.field} ${c.value}`;
  }
}
