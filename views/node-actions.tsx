/**
 * Node operations of one row of the node table, and the panels they open (confirmations, drain progress,
 * the label editor, outcomes). Buttons post with htmx (the host layout adds the CSRF header) and swap the
 * row's panel; the panel is `hx-preserve`d, so a live re-render of the table keeps an open confirmation or a
 * running progress instead of wiping it. Node names and labels are Docker data: rendered as escaped text.
 */
import type { Child } from 'hono/jsx';
import type { DrainImpact } from '../src/domain/node-tasks.ts';
import type { NodeSummary } from '../src/domain/swarm-summaries.ts';
import { CloseButton, OpMenu, OpNotice, OpPanel, opPanelId, plural } from './operation-panel.tsx';

/** Label keys operators commonly use, offered while typing a new one. */
const SUGGESTED_LABEL_KEYS = ['zone', 'disk', 'gpu', 'tier'];

type NodeFacts = Pick<NodeSummary, 'id' | 'hostname' | 'role' | 'status' | 'availability'>;

export interface NodeActionsProps {
  node: NodeFacts;
  canOperate: boolean;
  /** The cluster's URL, e.g. `/clusters/<uuid>`: the actions post below it. */
  base: string;
}

export function nodeUrl(base: string, nodeId: string): string {
  return `${base}/nodes/${encodeURIComponent(nodeId)}`;
}

export function nodePanelId(nodeId: string): string {
  return opPanelId('node', nodeId);
}

export function NodeActions(props: NodeActionsProps) {
  if (!props.canOperate) return null;
  const { node } = props;
  const url = nodeUrl(props.base, node.id);
  const swap = { 'hx-target': `#${nodePanelId(node.id)}`, 'hx-swap': 'innerHTML' };
  const availability = (value: string) => ({ 'hx-post': `${url}/availability`, 'hx-vals': JSON.stringify({ availability: value }), ...swap });
  return (
    <div class="cl-op" data-node-actions={node.id}>
      <OpMenu subject={node.hostname}>
        {node.availability !== 'active' ? (
          <button type="button" {...availability('active')}>
            Activate
          </button>
        ) : null}
        {node.availability === 'active' ? (
          <button type="button" {...availability('pause')}>
            Pause
          </button>
        ) : null}
        {node.availability !== 'drain' ? (
          <button type="button" hx-get={`${url}/drain`} {...swap}>
            Drain…
          </button>
        ) : null}
        {node.role === 'worker' ? (
          <button type="button" hx-post={`${url}/promote`} hx-confirm={`Promote ${node.hostname} to manager?`} {...swap}>
            Promote
          </button>
        ) : (
          <button type="button" hx-post={`${url}/demote`} hx-confirm={`Demote ${node.hostname} to worker?`} {...swap}>
            Demote
          </button>
        )}
        <button type="button" hx-get={`${url}/labels`} {...swap}>
          Labels…
        </button>
        {node.role === 'worker' ? (
          <button type="button" class="cl-danger" hx-get={`${url}/remove`} {...swap}>
            Remove…
          </button>
        ) : null}
      </OpMenu>
      <OpPanel id={nodePanelId(node.id)} />
    </div>
  );
}

/** Before a drain: how many tasks leave the node. */
export function DrainConfirm(props: { base: string; node: NodeFacts; impact: DrainImpact }) {
  const { node, impact } = props;
  const url = nodeUrl(props.base, node.id);
  return (
    <div class="cl-op-card" role="group" aria-label={`Drain ${node.hostname}`} data-drain-confirm={node.id}>
      <p>
        Drain <strong>{node.hostname}</strong>? <strong data-tasks-moving={impact.tasks}>{impact.tasks}</strong> {plural(impact.tasks, 'task')} will move off
        this node
        {impact.tasks > 0
          ? ` (${impact.rescheduled} started again on other nodes${impact.stopped ? `, ${impact.stopped} global ${plural(impact.stopped, 'task')} stop` : ''})`
          : ''}
        .
      </p>
      <div class="cl-op-row">
        <button
          type="button"
          class="cl-primary"
          hx-post={`${url}/availability`}
          hx-vals={JSON.stringify({ availability: 'drain' })}
          hx-target="closest .cl-op-panel"
          hx-swap="innerHTML"
        >
          Drain {node.hostname}
        </button>
        <CloseButton label="Cancel" />
      </div>
    </div>
  );
}

/** Tasks still on a draining node; polls itself until none is left. */
export function DrainProgress(props: { base: string; node: NodeFacts; left: number; total: number }) {
  const { node, left } = props;
  const total = Math.max(props.total, left);
  const url = `${nodeUrl(props.base, node.id)}/drain-progress?total=${total}`;
  const done = left === 0;
  return (
    <div
      class="cl-op-card"
      role="status"
      data-drain-progress={node.id}
      data-left={left}
      hx-get={done ? undefined : url}
      hx-trigger={done ? undefined : 'every 1s'}
      hx-target="this"
      hx-swap="outerHTML"
    >
      {done ? (
        <p>
          All tasks moved off <strong>{node.hostname}</strong>.
        </p>
      ) : (
        <p>
          Draining <strong>{node.hostname}</strong>: <strong>{left}</strong> of {total} {plural(total, 'task')} left on the node…
        </p>
      )}
      <progress max={total || 1} value={total - left}></progress>
      {done ? <CloseButton label="Close" /> : null}
    </div>
  );
}

/** The node's labels, each removable, and rows to add more (suggested keys offered). */
export function LabelEditor(props: { base: string; node: NodeFacts; labels: Record<string, string>; error?: string; saved?: boolean }) {
  const { node } = props;
  const listId = `cl-label-keys-${node.id}`;
  const entries = Object.entries(props.labels).sort(([a], [b]) => a.localeCompare(b));
  return (
    <form
      class="cl-op-card cl-label-editor"
      hx-post={`${nodeUrl(props.base, node.id)}/labels`}
      hx-target="closest .cl-op-panel"
      hx-swap="innerHTML"
      data-label-editor={node.id}
    >
      <p>
        Labels of <strong>{node.hostname}</strong>
      </p>
      {props.error ? <OpNotice tone="error">{props.error}</OpNotice> : null}
      {props.saved ? <OpNotice tone="ok">Labels saved.</OpNotice> : null}
      <table class="cl-table cl-compact">
        <thead>
          <tr>
            <th>Key</th>
            <th>Value</th>
            <th>Remove</th>
          </tr>
        </thead>
        <tbody>
          {entries.length === 0 ? (
            <tr>
              <td colspan={3} class="cl-muted">
                No labels yet.
              </td>
            </tr>
          ) : null}
          {entries.map(([key, value]) => (
            <tr>
              <td class="cl-mono">{key}</td>
              <td class="cl-mono">{value}</td>
              <td>
                <input type="checkbox" name="remove" value={key} aria-label={`Remove ${key}`} />
              </td>
            </tr>
          ))}
          {[0, 1].map(() => (
            <tr>
              <td>
                <input name="add_key" list={listId} placeholder="key" maxlength={128} aria-label="New label key" />
              </td>
              <td>
                <input name="add_value" placeholder="value" maxlength={256} aria-label="New label value" />
              </td>
              <td></td>
            </tr>
          ))}
        </tbody>
      </table>
      <datalist id={listId}>
        {SUGGESTED_LABEL_KEYS.map((key) => (
          <option value={key}></option>
        ))}
      </datalist>
      <div class="cl-op-row">
        <button type="submit" class="cl-primary">
          Save labels
        </button>
        <CloseButton label="Close" />
      </div>
    </form>
  );
}

/** Before removing: whether the node may go, and the force option where only force would do. */
export function RemoveConfirm(props: { base: string; node: NodeFacts; refusal: string | null }) {
  const { node, refusal } = props;
  const url = `${nodeUrl(props.base, node.id)}/remove`;
  const canForce = node.role === 'worker';
  return (
    <form class="cl-op-card" hx-post={url} hx-target="closest .cl-op-panel" hx-swap="innerHTML" data-remove-confirm={node.id}>
      {refusal ? (
        <OpNotice tone="warning">{refusal}</OpNotice>
      ) : (
        <p>
          Remove <strong>{node.hostname}</strong> from the swarm?
        </p>
      )}
      {refusal && canForce ? (
        <label class="cl-op-row">
          <input type="checkbox" name="force" value="true" /> Force the removal (its tasks are rescheduled; an engine still running keeps its containers until
          it leaves the swarm)
        </label>
      ) : null}
      <div class="cl-op-row">
        {!refusal || canForce ? (
          <button type="submit" class="cl-danger">
            Remove {node.hostname}
          </button>
        ) : null}
        <CloseButton label="Cancel" />
      </div>
    </form>
  );
}

/** The outcome of an action, in the row's panel. */
export function NodeOutcome(props: { tone: 'ok' | 'error' | 'warning'; children: Child }) {
  return (
    <div class="cl-op-card">
      <OpNotice tone={props.tone}>{props.children}</OpNotice>
      <CloseButton label="Close" />
    </div>
  );
}
