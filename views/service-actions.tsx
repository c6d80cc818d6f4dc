/**
 * Service operations of one row of the services table (scale, roll back, force update, remove, logs) and
 * the progress panel an update opens. Like the node actions, the row's panel is `hx-preserve`d so a live
 * re-render of the table keeps a running progress. Names are Docker data: rendered as escaped text.
 */
import type { ServiceProgress } from '../src/domain/service-progress.ts';
import type { SwarmServiceSummary } from '../src/domain/swarm-summaries.ts';
import { CloseButton, OpMenu, OpMenuButtons, OpNotice, OpPanel, opPanelId, plural } from './operation-panel.tsx';

type ServiceFacts = Pick<SwarmServiceSummary, 'id' | 'name' | 'mode' | 'replicasDesired'>;

export interface ServiceActionsProps {
  service: ServiceFacts;
  canOperate: boolean;
  /** The cluster's URL, e.g. `/clusters/<uuid>`: the actions post below it. */
  base: string;
  /** The most replicas a scale may ask for (the input's limit; the server checks it again). */
  maxReplicas: number;
}

export function serviceUrl(base: string, serviceId: string): string {
  return `${base}/services/${encodeURIComponent(serviceId)}`;
}

export function servicePanelId(serviceId: string): string {
  return opPanelId('service', serviceId);
}

/**
 * A row's logs link and, for those who may operate, its Actions menu, whose buttons come when first opened: one
 * element around them and the panel (a grid: the link and the button on a line, the menu and the panel each on a line
 * of their own below), not a row inside a column, an element less per row to parse, walk, style and lay out.
 */
export function ServiceActions(props: ServiceActionsProps) {
  const { service } = props;
  const url = serviceUrl(props.base, service.id);
  return (
    <div class="cl-op cl-service-op" data-service-actions={service.id}>
      <a href={`${url}/logs`} class="cl-button cl-button-quiet">
        Logs
      </a>
      {props.canOperate ? <OpMenu subject={service.name} url={`${url}/actions`} /> : null}
      <OpPanel id={servicePanelId(service.id)} />
    </div>
  );
}

/** The buttons of a service's Actions menu (scale, roll back, force update, remove), answered when it is first opened. */
export function ServiceMenu(props: Omit<ServiceActionsProps, 'canOperate'>) {
  const { service } = props;
  const url = serviceUrl(props.base, service.id);
  const swap = { 'hx-target': `#${servicePanelId(service.id)}`, 'hx-swap': 'innerHTML' };
  return (
    <OpMenuButtons subject={service.name}>
      {service.mode === 'replicated' ? (
        <form class="cl-op-row" hx-post={`${url}/scale`} {...swap}>
          <label>
            Replicas{' '}
            <input
              type="number"
              name="replicas"
              min={0}
              max={props.maxReplicas}
              step={1}
              required
              value={String(service.replicasDesired)}
              class="cl-num-input"
            />
          </label>
          <button type="submit">Scale</button>
        </form>
      ) : null}
      <button type="button" hx-post={`${url}/rollback`} hx-confirm={`Roll ${service.name} back to its previous spec?`} {...swap}>
        Roll back
      </button>
      <button type="button" hx-post={`${url}/force-update`} hx-confirm={`Replace every task of ${service.name}?`} {...swap}>
        Force update
      </button>
      <button type="button" class="cl-danger" hx-post={`${url}/remove`} hx-confirm={`Remove ${service.name} and all its tasks?`} {...swap}>
        Remove
      </button>
    </OpMenuButtons>
  );
}

const PHASE_TEXT: Record<ServiceProgress['phase'], string> = {
  converged: 'converged',
  converging: 'converging',
  updating: 'updating',
  'rolling-back': 'rolling back',
  paused: 'paused',
  failed: 'failed, rolling back',
};

/** Where an update stands; polls itself until nothing more will happen without someone acting. */
export function ServiceProgressPanel(props: { base: string; progress: ServiceProgress; action?: string; warnings?: string[] }) {
  const p = props.progress;
  const url = `${serviceUrl(props.base, p.serviceId)}/progress${props.action ? `?action=${encodeURIComponent(props.action)}` : ''}`;
  const tone = p.problem ? 'error' : p.settled ? 'ok' : 'progress';
  return (
    <div
      class={`cl-op-card cl-progress-${tone}`}
      role="status"
      data-service-progress={p.serviceId}
      data-phase={p.phase}
      data-settled={String(p.settled)}
      hx-get={p.settled ? undefined : url}
      hx-trigger={p.settled ? undefined : 'every 1s'}
      hx-target="this"
      hx-swap="outerHTML"
    >
      <p>
        <strong>{p.name}</strong>
        {props.action ? `: ${props.action}` : ''} — {PHASE_TEXT[p.phase]}
      </p>
      <progress max={p.desired || 1} value={Math.min(p.updated, p.desired)}></progress>
      <p class="cl-small">
        <strong>{p.updated}</strong> of {p.desired} {plural(p.desired, 'task')} running on the current spec · {p.running} running
        {p.stopping ? ` · ${p.stopping} stopping` : ''}
        {p.updateState ? ` · update ${p.updateState}` : ''}
      </p>
      {p.problem ? <OpNotice tone="error">{p.problem}</OpNotice> : null}
      {(props.warnings ?? []).map((w) => (
        <OpNotice tone="warning">{w}</OpNotice>
      ))}
      {p.settled ? <CloseButton label="Close" /> : null}
    </div>
  );
}

export function ServiceOutcome(props: { tone: 'ok' | 'error' | 'warning'; message: string }) {
  return (
    <div class="cl-op-card">
      <OpNotice tone={props.tone}>{props.message}</OpNotice>
      <CloseButton label="Close" />
    </div>
  );
}
