/** The nodes of a cluster: state, hostname with leader badge and labels, role, address, engine, platform, capacity, availability, tasks. */
import type { NodeSummary } from '../src/domain/swarm-summaries.ts';
import { formatBytes, formatCores, formatPlatform } from './format.ts';
import { Labels } from './labels.tsx';
import { NodeActions } from './node-actions.tsx';
import { Availability, LeaderBadge, NodeState } from './status-badge.tsx';

/** `nodes` in the order to list them; `base` is the cluster's URL (node actions post below it). */
export function NodeTable(props: { nodes: NodeSummary[]; canOperate: boolean; base: string }) {
  return (
    <div class="cl-table-wrap">
      <table class="cl-table" id="cl-nodes">
        <thead>
          <tr>
            <th>Status</th>
            <th>Hostname</th>
            <th>Role</th>
            <th>IP</th>
            <th>Engine</th>
            <th>Platform</th>
            <th class="cl-num">CPU</th>
            <th class="cl-num">Memory</th>
            <th>Availability</th>
            <th class="cl-num">Tasks</th>
            <th class="cl-actions-col">
              <span class="cl-sr">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.nodes.map((node) => (
            <tr data-node={node.id} data-hostname={node.hostname} class={node.status !== 'ready' ? 'cl-row-down' : undefined}>
              <td>
                <NodeState status={node.status} message={node.statusMessage} />
              </td>
              <td>
                <span class="cl-strong" data-field="hostname">
                  {node.hostname}
                </span>{' '}
                {node.isLeader ? <LeaderBadge /> : null}
                <Labels labels={node.labels} />
              </td>
              <td data-field="role">
                {node.role}
                {node.role === 'manager' && node.managerReachability && node.managerReachability !== 'reachable' ? (
                  <span class="cl-muted"> ({node.managerReachability})</span>
                ) : null}
              </td>
              <td class="cl-mono">{node.ip ?? '—'}</td>
              <td class="cl-mono">{node.engineVersion ?? '—'}</td>
              <td class="cl-mono" data-field="platform">
                {formatPlatform(node)}
              </td>
              <td class="cl-num">{formatCores(node.cpuCores)}</td>
              <td class="cl-num">{formatBytes(node.memoryBytes)}</td>
              <td data-field="availability">
                <Availability availability={node.availability} />
              </td>
              <td class="cl-num" data-field="tasks">
                {node.taskCount}
              </td>
              <td class="cl-actions-col">
                <NodeActions node={node} canOperate={props.canOperate} base={props.base} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
