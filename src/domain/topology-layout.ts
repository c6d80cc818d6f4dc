/**
 * Positions of the topology drawing: the leader on top, the other managers on the row below it
 * (linked to the leader and to their neighbours, as raft peers), workers in rows underneath; a node's
 * circle grows with its task count, down nodes are flagged for dimming.
 */

import { naturalCompare } from './natural-order.ts';
import type { NodeSummary } from './swarm-summaries.ts';

export interface TopologyNode {
  id: string;
  hostname: string;
  role: NodeSummary['role'];
  isLeader: boolean;
  down: boolean;
  availability: string;
  taskCount: number;
  x: number;
  y: number;
  r: number;
}

export interface TopologyLink {
  from: string;
  to: string;
}

export interface TopologyLayout {
  width: number;
  height: number;
  nodes: TopologyNode[];
  links: TopologyLink[];
}

const CELL = 120;
const ROW = 120;
const MARGIN = 70;
const MIN_R = 14;
const MAX_R = 38;
export const WORKERS_PER_ROW = 8;

function radius(taskCount: number, most: number): number {
  if (most <= 0) return MIN_R;
  return Math.round(MIN_R + (MAX_R - MIN_R) * Math.sqrt(taskCount / most));
}

export function topologyLayout(nodes: readonly NodeSummary[]): TopologyLayout {
  const sorted = [...nodes].sort((a, b) => naturalCompare(a.hostname, b.hostname));
  const managers = sorted.filter((n) => n.role === 'manager');
  const leader = managers.find((n) => n.isLeader) ?? managers[0];
  const peers = managers.filter((n) => n !== leader);
  const workers = sorted.filter((n) => n.role !== 'manager');
  const workerRows: NodeSummary[][] = [];
  for (let i = 0; i < workers.length; i += WORKERS_PER_ROW) workerRows.push(workers.slice(i, i + WORKERS_PER_ROW));
  const rows = [leader ? [leader] : [], peers, ...workerRows].filter((row) => row.length > 0);
  const columns = Math.max(1, ...rows.map((row) => row.length));
  const width = columns * CELL + 2 * MARGIN - CELL;
  const height = Math.max(1, rows.length) * ROW + 2 * MARGIN - ROW;
  const most = Math.max(0, ...nodes.map((n) => n.taskCount));

  const placed: TopologyNode[] = [];
  rows.forEach((row, rowIndex) => {
    // Each row centred on the drawing.
    const start = (width - (row.length - 1) * CELL) / 2;
    row.forEach((node, i) => {
      placed.push({
        id: node.id,
        hostname: node.hostname,
        role: node.role,
        isLeader: node === leader && node.isLeader,
        down: node.status !== 'ready',
        availability: node.availability,
        taskCount: node.taskCount,
        x: Math.round(start + i * CELL),
        y: MARGIN + rowIndex * ROW,
        r: radius(node.taskCount, most),
      });
    });
  });

  const links: TopologyLink[] = [];
  if (leader) for (const peer of peers) links.push({ from: leader.id, to: peer.id });
  for (let i = 1; i < peers.length; i++) links.push({ from: peers[i - 1]!.id, to: peers[i]!.id });
  return { width, height, nodes: placed, links };
}
