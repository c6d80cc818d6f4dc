/**
 * The stacks of a cluster: the list, a stack's page (its services, networks, secrets, configs and live tasks),
 * the deploy form (a compose file pasted or uploaded, variables, a check showing the warnings before anything
 * is deployed), the deploy's per-service progress until the stack has converged, and what a removal removed.
 */

import type { Child } from 'hono/jsx';
import type { StackChanges, StackContents, StackDeployResult, StackPreview, StackProgress } from '../src/domain/stacks.ts';
import type { TaskSummary } from '../src/domain/swarm-summaries.ts';
import { TasksTable } from './application-tasks.tsx';
import { type FetchedMeta, StaleNotice } from './fetch-notice.tsx';
import { LiveRegion } from './live-region.tsx';

export interface StackUrls {
  list: string;
  stack: (name: string) => string;
  preview: string;
  deploy: string;
  progress: (name: string) => string;
  remove: (name: string) => string;
}

/** A notice holding lists (a `<p>` cannot: the browser would close it before the first `<ul>`). */
function OkNotice(props: { children: Child }) {
  return (
    <div class="cl-notice cl-notice-ok" role="status">
      {props.children}
    </div>
  );
}

const replicas = (stack: StackContents) =>
  stack.services.reduce((sum, s) => ({ running: sum.running + s.replicasRunning, desired: sum.desired + s.replicasDesired }), { running: 0, desired: 0 });

function Replicas(props: { running: number; desired: number }) {
  const short = props.running < props.desired;
  return (
    <span class={short ? 'cl-short' : undefined} title={short ? 'fewer tasks running than desired' : undefined}>
      {props.running}/{props.desired}
    </span>
  );
}

export function StacksTable(props: { stacks: StackContents[]; urls: StackUrls }) {
  if (props.stacks.length === 0) return <p class="cl-muted cl-empty">No stacks on this cluster yet.</p>;
  return (
    <div class="cl-table-wrap">
      <table class="cl-table" id="cl-stacks">
        <thead>
          <tr>
            <th>Stack</th>
            <th>Services</th>
            <th>Replicas</th>
            <th>Networks</th>
            <th>Secrets</th>
            <th>Configs</th>
          </tr>
        </thead>
        <tbody>
          {props.stacks.map((stack) => (
            <tr data-stack={stack.name}>
              <td>
                <a href={props.urls.stack(stack.name)}>{stack.name}</a>
              </td>
              <td>{stack.services.length}</td>
              <td>
                <Replicas {...replicas(stack)} />
              </td>
              <td>{stack.networks.length}</td>
              <td>{stack.secrets.length}</td>
              <td>{stack.configs.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The list as a live region (it re-renders on swarm events). */
export function StacksLive(props: { stacks: { data: StackContents[] } & FetchedMeta; since: string | null; urls: StackUrls }) {
  return (
    <LiveRegion id="cl-stacks-live" url={props.urls.list}>
      <StaleNotice meta={props.stacks} since={props.since} />
      <StacksTable stacks={props.stacks.data} urls={props.urls} />
    </LiveRegion>
  );
}

/** The deploy form. Values are never rendered back: variables may hold secrets, and the form stays as typed. */
export function StackDeployForm(props: { urls: StackUrls }) {
  return (
    <form class="cl-form cl-stack-form" id="cl-stack-deploy" hx-post={props.urls.deploy} hx-target="#cl-stack-result" hx-encoding="multipart/form-data">
      <h2>Deploy a stack</h2>
      <div class="cl-field">
        <label for="cl-stack-name">Stack name</label>
        <input id="cl-stack-name" name="name" required maxlength={48} pattern="[A-Za-z0-9][A-Za-z0-9_.\-]*" autocomplete="off" />
      </div>
      <div class="cl-field">
        <label for="cl-stack-compose">Compose file</label>
        <textarea
          id="cl-stack-compose"
          name="compose"
          rows={14}
          class="cl-mono"
          spellcheck={false}
          placeholder={'version: "3.8"\nservices:\n  web:\n    image: nginx:1.27'}
        ></textarea>
        <label for="cl-stack-file" class="cl-small">
          or upload one
        </label>
        <input id="cl-stack-file" name="composeFile" type="file" accept=".yml,.yaml,text/yaml,text/plain" />
      </div>
      <div class="cl-field">
        <label for="cl-stack-env">Variables for {'${VAR}'} (one KEY=value a line)</label>
        <textarea id="cl-stack-env" name="env" rows={3} class="cl-mono" spellcheck={false} autocomplete="off"></textarea>
      </div>
      <label class="cl-check">
        <input type="checkbox" name="prune" value="true" /> Remove the stack's services that the file no longer has (prune)
      </label>
      <div class="cl-op-buttons">
        <button type="button" class="cl-button cl-button-quiet" hx-post={props.urls.preview} hx-target="#cl-stack-result" data-action="check">
          Check
        </button>
        <button type="submit" class="cl-button" data-action="deploy">
          Deploy
        </button>
      </div>
      <div id="cl-stack-result" aria-live="polite"></div>
    </form>
  );
}

function Warnings(props: { warnings: string[] }) {
  if (props.warnings.length === 0) return null;
  return (
    <div class="cl-notice cl-notice-warn" role="status" data-warnings={props.warnings.length}>
      {props.warnings.length === 1 ? 'A warning' : `${props.warnings.length} warnings`} (as docker stack deploy gives them):
      <ul>
        {props.warnings.map((w) => (
          <li>{w}</li>
        ))}
      </ul>
    </div>
  );
}

function NameList(props: { label: string; names: string[] }) {
  if (props.names.length === 0) return null;
  return (
    <li>
      {props.label}: <span class="cl-mono">{props.names.join(', ')}</span>
    </li>
  );
}

/** What the file would deploy, and its warnings: nothing was sent to the swarm. */
export function StackPreviewPanel(props: { preview: StackPreview }) {
  const p = props.preview;
  return (
    <div class="cl-stack-preview" data-preview={p.stack}>
      <Warnings warnings={p.warnings} />
      <OkNotice>
        The file is fine: stack <span class="cl-mono">{p.stack}</span> would have:
        <ul>
          <NameList label="services" names={p.services} />
          <NameList label="networks" names={p.networks} />
          <NameList label="secrets" names={p.secrets} />
          <NameList label="configs" names={p.configs} />
        </ul>
        Nothing is deployed until you press Deploy.
      </OkNotice>
    </div>
  );
}

function Changes(props: { changes: StackChanges; verb: string }) {
  const c = props.changes;
  const any = c.services.length + c.networks.length + c.secrets.length + c.configs.length > 0;
  if (!any) return null;
  return (
    <ul>
      <NameList label={`${props.verb} services`} names={c.services} />
      <NameList label={`${props.verb} networks`} names={c.networks} />
      <NameList label={`${props.verb} secrets`} names={c.secrets} />
      <NameList label={`${props.verb} configs`} names={c.configs} />
    </ul>
  );
}

/** A deploy's outcome, then its progress (which polls itself until the stack has converged or failed). */
export function StackDeployed(props: { result: StackDeployResult; progress: StackProgress; urls: StackUrls }) {
  const r = props.result;
  return (
    <div class="cl-stack-deployed" data-deployed={r.stack}>
      <Warnings warnings={r.warnings} />
      <OkNotice>
        Deployed <a href={props.urls.stack(r.stack)}>{r.stack}</a>.
        <Changes changes={r.created} verb="created" />
        <ul>
          <NameList label="updated services" names={r.updated} />
          <NameList label="unchanged services" names={r.unchanged} />
          <NameList label="removed services" names={r.removed} />
        </ul>
      </OkNotice>
      <StackProgressPanel progress={props.progress} url={props.urls.progress(r.stack)} />
    </div>
  );
}

const PHASE_TEXT: Record<string, string> = {
  converged: 'converged',
  converging: 'converging',
  updating: 'updating',
  'rolling-back': 'rolling back',
  paused: 'update paused',
  failed: 'update failed',
};

/** Each service's tasks against its spec; asks again every second until every service converged or one failed. */
export function StackProgressPanel(props: { progress: StackProgress; url: string }) {
  const p = props.progress;
  const done = p.converged || p.failed;
  return (
    <div
      class="cl-stack-progress"
      id={`cl-stack-progress-${p.stack}`}
      data-state={p.converged ? 'converged' : p.failed ? 'failed' : 'converging'}
      hx-get={done ? undefined : props.url}
      hx-trigger={done ? undefined : 'load delay:1s'}
      hx-target="this"
      hx-swap="outerHTML"
    >
      <p class="cl-small">{p.converged ? 'Every service has converged.' : p.failed ? 'A service is failing: see Docker’s reason below.' : 'Converging…'}</p>
      <table class="cl-table cl-subtable">
        <thead>
          <tr>
            <th>Service</th>
            <th>State</th>
            <th>Running</th>
            <th>On the new spec</th>
            <th>Docker's reason</th>
          </tr>
        </thead>
        <tbody>
          {p.services.map((s) => (
            <tr data-service={s.name} data-phase={s.phase}>
              <td>{s.name}</td>
              <td>{PHASE_TEXT[s.phase] ?? s.phase}</td>
              <td>
                {s.running}/{s.desired}
              </td>
              <td>{s.updated}</td>
              <td class="cl-error-text">{s.failure ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A stack's page: its services, networks, secrets and configs, the live tasks, and its removal. */
export function StackDetail(props: { stack: StackContents; tasks: TaskSummary[]; nodeNames: Map<string, string>; urls: StackUrls; converging?: boolean }) {
  const s = props.stack;
  return (
    <LiveRegion id="cl-stack-live" url={props.urls.stack(s.name)} converging={props.converging}>
      <div class="cl-section-head">
        <h2>
          Stack <span class="cl-mono">{s.name}</span>
        </h2>
      </div>
      <div class="cl-table-wrap">
        <table class="cl-table" id="cl-stack-services">
          <thead>
            <tr>
              <th>Service</th>
              <th>Image</th>
              <th>Mode</th>
              <th>Replicas</th>
            </tr>
          </thead>
          <tbody>
            {s.services.map((svc) => (
              <tr data-service={svc.name}>
                <td>{svc.name}</td>
                <td class="cl-mono">{svc.image}</td>
                <td>{svc.mode}</td>
                <td>
                  <Replicas running={svc.replicasRunning} desired={svc.replicasDesired} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul class="cl-stack-objects">
        <li>
          Networks: <ObjectNames names={s.networks.map((n) => n.name)} />
        </li>
        <li>
          Secrets: <ObjectNames names={s.secrets.map((n) => n.name)} />
        </li>
        <li>
          Configs: <ObjectNames names={s.configs.map((n) => n.name)} />
        </li>
      </ul>
      <h3>Tasks</h3>
      {props.tasks.length ? <TasksTable tasks={props.tasks} nodeNames={props.nodeNames} stack={s.name} /> : <p class="cl-muted">No tasks.</p>}
    </LiveRegion>
  );
}

function ObjectNames(props: { names: string[] }) {
  return props.names.length ? <span class="cl-mono">{props.names.join(', ')}</span> : <span class="cl-muted">none</span>;
}

/** The removal button; its outcome replaces the panel below it. */
export function StackRemoveForm(props: { stack: string; urls: StackUrls }) {
  return (
    <div class="cl-stack-remove">
      <button
        type="button"
        class="cl-button cl-button-quiet cl-danger"
        hx-post={props.urls.remove(props.stack)}
        hx-target="#cl-stack-removed"
        hx-confirm={`Remove stack ${props.stack}: its services, networks, and its own secrets and configs?`}
        data-action="remove"
      >
        Remove stack
      </button>
      <div id="cl-stack-removed" aria-live="polite"></div>
    </div>
  );
}

export function StackRemoved(props: { stack: string; removed: StackChanges; listUrl: string }) {
  return (
    <OkNotice>
      Stack <span class="cl-mono">{props.stack}</span> was removed.
      <Changes changes={props.removed} verb="removed" />
      External networks, secrets and configs were left. <a href={props.listUrl}>Back to the stacks</a>
    </OkNotice>
  );
}
