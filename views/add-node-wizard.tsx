/**
 * The add-node wizard: choose the role, copy the join command (admins and owners only), wait for the node
 * to appear, then optionally label it. Each step is a fragment swapped into the page.
 */
import type { NodeSummary } from '../src/domain/swarm-summaries.ts';
import { LabelEditor } from './node-actions.tsx';
import { OpNotice } from './operation-panel.tsx';

export function AddNodeWizard(props: { base: string; canJoin: boolean; role: string }) {
  return (
    <section class="cl-wizard" data-add-node>
      <div class="cl-section-head">
        <h2>Add a node</h2>
      </div>
      <ol class="cl-steps">
        <li>Choose the role of the new node.</li>
        <li>Run the join command on it (Docker installed, port 2377 of the manager reachable).</li>
        <li>Wait here until it joins, then label it if you like.</li>
      </ol>
      {props.canJoin ? (
        <form class="cl-op-row" hx-get={`${props.base}/add-node/command`} hx-target="#cl-add-node-step" hx-swap="innerHTML">
          <fieldset>
            <legend>Role</legend>
            <label>
              <input type="radio" name="role" value="worker" checked /> Worker — runs tasks
            </label>
            <label>
              <input type="radio" name="role" value="manager" /> Manager — also takes part in raft (keep an odd number of managers)
            </label>
          </fieldset>
          <button type="submit" class="cl-primary">
            Show the join command
          </button>
        </form>
      ) : (
        <OpNotice tone="warning">{`Only admins and owners can see the join command (your role is ${props.role}).`}</OpNotice>
      )}
      <div id="cl-add-node-step" aria-live="polite"></div>
    </section>
  );
}

export function JoinCommandStep(props: { role: string; command: string; managerAddr: string; stale: boolean; waitUrl: string }) {
  return (
    <div class="cl-op-card" data-join-command data-copy-scope>
      <p>
        On the new machine, as root, run this to join as a <strong>{props.role}</strong> through the manager at <code>{props.managerAddr}</code>:
      </p>
      <pre class="cl-command" data-command>
        <code>{props.command}</code>
      </pre>
      <div class="cl-op-row">
        <button type="button" data-copy-target="[data-command]">
          <span data-copy-label>Copy</span>
        </button>
        <span class="cl-muted">The command holds the swarm's join token: treat it as a secret.</span>
      </div>
      {props.stale ? <OpNotice tone="warning">No manager answered just now: this is the token and address stored at the last sync.</OpNotice> : null}
      <WaitingForNode waitUrl={props.waitUrl} />
    </div>
  );
}

/** Polls until a node that was not there when the command was shown appears. */
export function WaitingForNode(props: { waitUrl: string; problem?: string }) {
  return (
    <div class="cl-waiting" hx-get={props.waitUrl} hx-trigger="every 2s" hx-target="this" hx-swap="outerHTML" data-waiting>
      <p>
        <span class="cl-spinner" aria-hidden="true"></span> Waiting for the node to join…
      </p>
      {props.problem ? <OpNotice tone="warning">{`Still trying: ${props.problem}`}</OpNotice> : null}
    </div>
  );
}

export function NodeJoined(props: { base: string; joined: { node: NodeSummary; server: { name: string } | null }[] }) {
  return (
    <div data-joined>
      {props.joined.map(({ node, server }) => (
        <div class="cl-op-card" data-joined-node={node.id}>
          <OpNotice tone="ok">
            {node.hostname} ({node.ip ?? 'no address yet'}) joined as a {node.role}
            {server ? `, linked to the server ${server.name}` : ''}.
          </OpNotice>
          <div class="cl-op-panel">
            <LabelEditor base={props.base} node={node} labels={node.labels} />
          </div>
        </div>
      ))}
      <p>
        <a href={props.base}>Back to the overview</a>
      </p>
    </div>
  );
}
