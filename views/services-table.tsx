/**
 * The services of a cluster, one page of those matching the search and filters at a time: name, image, mode,
 * replicas (flagged when short), ports, last update; a row expands to its tasks. Expanded rows carry a hidden
 * `open` input so the live refresh of the table keeps them expanded; the region's own URL carries the query and
 * the page, so a live refresh re-renders the same page. A row's expander asks for its row group through the pages'
 * script (assets/cluster-pages.js, one handler for every row): no htmx attribute per row for htmx to process at load.
 */
import type { SwarmServiceSummary, TaskSummary } from '../src/domain/swarm-summaries.ts';
import { FetchedAt, type FetchedMeta, StaleNotice } from './fetch-notice.tsx';
import { formatAgo } from './format.ts';
import { Labels } from './labels.tsx';
import { LiveRegion } from './live-region.tsx';
import { ServiceActions } from './service-actions.tsx';
import { ServiceTasks } from './service-tasks.tsx';

export interface ServiceGroupProps {
  service: SwarmServiceSummary;
  /** The service's tasks when the row is expanded. */
  tasks: TaskSummary[] | null;
  nodeNames: Map<string, string>;
  /** URL of this row group, expanded or collapsed. */
  groupUrl: (serviceId: string, open: boolean) => string;
  canOperate: boolean;
  /** The cluster's URL (service actions post below it). */
  base: string;
  /** The most replicas a scale may ask for. */
  maxReplicas: number;
}

const COLUMNS = 7;

/**
 * What the region's refresh sends: the expanded rows' `open` fields. The section head (always there, no field in it)
 * keeps the selector matching when no row is open: htmx logs an error on every refresh for an include matching nothing.
 */
const SERVICES_INCLUDE = "#cl-services input[name='open'], #cl-services > .cl-section-head";

/** The ports' cell is monospaced itself: a wrapper per row was an element more to parse, style and lay out. */
function Ports(props: { service: SwarmServiceSummary }) {
  if (props.service.ports.length === 0) return <span class="cl-muted">—</span>;
  return (
    <>
      {props.service.ports.map((p, i) => (
        <>
          {i > 0 ? ', ' : ''}
          <span title={`${p.publishMode} mode`}>
            {p.publishedPort ?? '*'}→{p.targetPort}/{p.protocol}
          </span>
        </>
      ))}
    </>
  );
}

/** `<stack>_<service>` with the stack part quieter; the text is still the full name. */
function ServiceName(props: { service: SwarmServiceSummary }) {
  const { name, stack } = props.service;
  const prefix = stack && name.startsWith(`${stack}_`) ? `${stack}_` : '';
  return (
    <span class="cl-strong" data-field="name" title={prefix ? `${name} (stack ${stack})` : undefined}>
      {prefix ? <span class="cl-stack-prefix">{prefix}</span> : null}
      {name.slice(prefix.length)}
    </span>
  );
}

function Replicas(props: { service: SwarmServiceSummary }) {
  const s = props.service;
  const short = s.replicasShort;
  return (
    <span
      class={short ? 'cl-replicas cl-short' : 'cl-replicas'}
      data-field="replicas"
      title={short ? `${s.replicasDesired - s.replicasRunning} replica(s) short of the desired count` : undefined}
    >
      {s.replicasRunning}/{s.replicasDesired}
      {short ? <span class="cl-short-flag"> short</span> : null}
    </span>
  );
}

function UpdateState(props: { service: SwarmServiceSummary }) {
  const { updateState, updateMessage } = props.service;
  if (!updateState || updateState === 'completed') return null;
  const tone = updateState === 'updating' || updateState === 'rollback_started' ? 'pending' : updateState === 'rollback_completed' ? 'stopped' : 'failed';
  return (
    <span class={`cl-pill cl-task-${tone}`} title={updateMessage ?? undefined}>
      {updateState.replace('_', ' ')}
    </span>
  );
}

export function ServiceGroup(props: ServiceGroupProps) {
  const s = props.service;
  const open = props.tasks !== null;
  return (
    <tbody class="cl-service" data-service={s.id} data-name={s.name}>
      <tr class="cl-service-row">
        <td>
          <button
            type="button"
            class="cl-expander"
            aria-expanded={open ? 'true' : 'false'}
            data-group-url={props.groupUrl(s.id, !open)}
            title={open ? 'Hide tasks' : 'Show tasks'}
          >
            <ServiceName service={s} />
          </button>
          {s.stack && !s.name.startsWith(`${s.stack}_`) ? (
            <span class="cl-pill cl-stack" title="stack">
              {s.stack}
            </span>
          ) : null}
          <Labels labels={s.labels} hide={(key) => key.startsWith('com.docker.stack.')} />
        </td>
        <td class="cl-mono cl-ellipsis" title={s.image}>
          {s.image}
        </td>
        <td data-field="mode">{s.mode}</td>
        <td>
          <Replicas service={s} />
        </td>
        <td class="cl-mono">
          <Ports service={s} />
        </td>
        <td class="cl-nowrap" title={s.updatedAt ?? undefined}>
          {formatAgo(s.updatedAt)} <UpdateState service={s} />
        </td>
        <td class="cl-actions-col">
          <ServiceActions service={s} canOperate={props.canOperate} base={props.base} maxReplicas={props.maxReplicas} />
        </td>
      </tr>
      {open ? (
        <tr class="cl-tasks-row">
          <td colspan={COLUMNS}>
            <input type="hidden" name="open" value={s.id} />
            <ServiceTasks tasks={props.tasks!} nodeNames={props.nodeNames} />
          </td>
        </tr>
      ) : null}
    </tbody>
  );
}

/** Which page of which matches the table shows. */
export interface ServiceListing {
  /** Whether a search or filter leaves services out. */
  filtered: boolean;
  /** Matches of the filter, over all pages. */
  matching: number;
  /** Services of the cluster. */
  total: number;
  offset: number;
  limit: number;
  /** The list at another offset, with the same query. */
  pageUrl: (offset: number) => string;
  /** The list with no query. */
  clearUrl: string;
}

const count = (n: number) => n.toLocaleString('en');

function ListHeading(props: { listing: ServiceListing }) {
  const { matching, total, filtered } = props.listing;
  const noun = `service${total === 1 ? '' : 's'}`;
  return (
    <h2 data-field="matching" data-matching={String(matching)}>
      {filtered ? `${count(matching)} of ${count(total)} ${noun} match` : `${count(total)} ${noun}`}
    </h2>
  );
}

function Pager(props: { listing: ServiceListing; shown: number }) {
  const { offset, limit, matching, pageUrl } = props.listing;
  if (matching <= limit) return null;
  const step = (to: number, text: string, rel: string) => (
    <button type="button" class="cl-button cl-button-quiet" rel={rel} hx-get={pageUrl(to)} hx-target="#cl-services" hx-swap="outerHTML">
      {text}
    </button>
  );
  return (
    <nav class="cl-pager" aria-label="Pages of services">
      {offset > 0 ? step(Math.max(0, offset - limit), '← Previous', 'prev') : null}
      <span class="cl-muted" data-field="range">
        {count(offset + 1)}–{count(offset + props.shown)} of {count(matching)}
      </span>
      {offset + limit < matching ? step(offset + limit, 'Next →', 'next') : null}
    </nav>
  );
}

export function ServicesLive(props: {
  /** This page of the list (the region re-renders from here). */
  url: string;
  meta: FetchedMeta;
  since: string | null;
  services: SwarmServiceSummary[];
  /** Tasks of the expanded services. */
  expanded: Map<string, TaskSummary[]>;
  nodeNames: Map<string, string>;
  groupUrl: ServiceGroupProps['groupUrl'];
  canOperate: boolean;
  base: string;
  maxReplicas: number;
  /** Tasks still being placed, started or stopped: the region reads again shortly. */
  converging: boolean;
  /** The services of this page. */
  listing: ServiceListing;
}) {
  const { services, listing } = props;
  return (
    <LiveRegion id="cl-services" url={props.url} include={SERVICES_INCLUDE} converging={props.converging}>
      <StaleNotice meta={props.meta} since={props.since} />
      <div class="cl-section-head">
        <ListHeading listing={listing} />
        <Pager listing={listing} shown={services.length} />
        <FetchedAt meta={props.meta} />
      </div>
      {listing.total === 0 ? (
        <div class="cl-empty">
          <h2>No services yet</h2>
          <p>This swarm runs no services. Deploy one with `docker service create`, a stack, or an application of the panel.</p>
        </div>
      ) : services.length === 0 ? (
        <div class="cl-empty">
          <h2>No service matches</h2>
          <p>
            Nothing matches this search and these filters. <a href={listing.clearUrl}>Show all services</a>
          </p>
        </div>
      ) : (
        <div class="cl-table-wrap">
          <table class="cl-table" id="cl-services-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Image</th>
                <th>Mode</th>
                <th>Replicas</th>
                <th>Ports</th>
                <th>Updated</th>
                <th class="cl-actions-col">
                  <span class="cl-sr">Actions</span>
                </th>
              </tr>
            </thead>
            {services.map((s) => (
              <ServiceGroup
                service={s}
                tasks={props.expanded.get(s.id) ?? null}
                nodeNames={props.nodeNames}
                groupUrl={props.groupUrl}
                canOperate={props.canOperate}
                base={props.base}
                maxReplicas={props.maxReplicas}
              />
            ))}
          </table>
          <Pager listing={listing} shown={services.length} />
        </div>
      )}
    </LiveRegion>
  );
}
