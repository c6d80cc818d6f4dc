/** The topology drawing: leader on top, managers linked, workers below; size by task count, down nodes dimmed. */
import type { TopologyLayout } from '../src/domain/topology-layout.ts';

const NAME_MAX = 16;
const clip = (name: string) => (name.length > NAME_MAX ? `${name.slice(0, NAME_MAX - 1)}…` : name);

export function TopologyLegend() {
  return (
    <div class="cl-topo-legend" aria-hidden="true">
      <span>
        <i class="is-leader"></i>leader
      </span>
      <span>
        <i class="is-manager"></i>manager (lines: raft peers)
      </span>
      <span>
        <i></i>worker
      </span>
      <span>
        <i class="is-drain"></i>drained or paused
      </span>
      <span>
        <i class="is-down"></i>down
      </span>
      <span>size and number: tasks on the node</span>
    </div>
  );
}

export function Topology(props: { layout: TopologyLayout }) {
  const { layout } = props;
  const at = new Map(layout.nodes.map((n) => [n.id, n]));
  return (
    <svg
      class="cl-topology"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width={layout.width}
      height={layout.height}
      role="img"
      aria-label={`Swarm topology: ${layout.nodes.length} nodes`}
      // No alpine directive inside: a region swapped in whole need not be walked here.
      x-ignore
    >
      <g class="cl-topo-links">
        {layout.links.map((link) => {
          const from = at.get(link.from)!;
          const to = at.get(link.to)!;
          return <line x1={from.x} y1={from.y} x2={to.x} y2={to.y} class={from.down || to.down ? 'cl-link is-down' : 'cl-link'} />;
        })}
      </g>
      {layout.nodes.map((n) => (
        <g
          class={`cl-topo-node cl-topo-${n.role}${n.isLeader ? ' is-leader' : ''}${n.down ? ' is-down' : ''}${n.availability !== 'active' ? ` is-${n.availability}` : ''}`}
          data-node={n.id}
          data-hostname={n.hostname}
          transform={`translate(${n.x} ${n.y})`}
        >
          <title>
            {n.hostname}: {n.isLeader ? 'leader' : n.role}, {n.down ? 'down' : 'ready'}, {n.availability}, {n.taskCount} task{n.taskCount === 1 ? '' : 's'}
          </title>
          <circle r={n.r}></circle>
          <text class="cl-topo-count" text-anchor="middle" dy="0.35em">
            {n.taskCount}
          </text>
          <text class="cl-topo-name" text-anchor="middle" y={n.r + 15}>
            {clip(n.hostname)}
          </text>
          {n.isLeader || n.down || n.availability !== 'active' ? (
            <text class="cl-topo-tag" text-anchor="middle" y={-n.r - 7}>
              {[n.isLeader ? 'leader' : null, n.down ? 'down' : null, n.availability !== 'active' ? n.availability : null].filter(Boolean).join(' · ')}
            </text>
          ) : null}
        </g>
      ))}
    </svg>
  );
}
