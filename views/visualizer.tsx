/**
 * The visualizer: a grid (a column per node, task blocks coloured by state) and a topology drawing.
 * The view (grid or topology) and the filters by service, state and node are kept on the element around the live
 * region (data-* attributes) by the pages' script (assets/cluster-pages.js), which shows the view by the stylesheet
 * and applies the filters to columns and items through their data-* attributes: one handler, no Alpine component
 * (its start walked the page's elements and evaluated its directives at every load), Docker strings never inside an
 * expression. A column holding many tasks shows a chip per service and state with its count; a
 * chip asks the server for its tasks (the same script, from the `data-groups-url` of the grid), and an expanded
 * group carries a hidden `expand` input so the live re-render keeps it open: the page holds only the tasks someone
 * asked to see.
 * A grid of many nodes draws its first columns (`shown`), then a placeholder: the pages' script asks for more columns
 * as it nears the viewport (or its link is focused or followed), through the region's own live re-render with a larger
 * `columns` field, so the live patches keep addressing what the page holds. Without script, the placeholder's links
 * open the page with more columns.
 */

import type { Child } from 'hono/jsx';
import type { TaskSummary } from '../src/domain/swarm-summaries.ts';
import type { TaskStateKind } from '../src/domain/task-state.ts';
import type { TopologyLayout } from '../src/domain/topology-layout.ts';
import type { GridColumn, GridFilterOptions, GridItem, TaskGroup } from '../src/domain/visualizer-grid.ts';
import { FetchedAt, type FetchedMeta, StaleNotice } from './fetch-notice.tsx';
import { LiveRegion } from './live-region.tsx';
import { OptionsData } from './options-data.tsx';
import { Availability, LeaderBadge, NodeState } from './status-badge.tsx';
import { Topology, TopologyLegend } from './topology.tsx';

const KINDS: TaskStateKind[] = ['running', 'pending', 'failed', 'stopped'];

/** A grid drawn in part. */
export interface GridWindow {
  /** Columns asked for: the first ones drawn, a placeholder for the others; sent back by the live re-render. */
  shown: number;
  /** Columns one step of the placeholder asks for. */
  step: number;
  /** The page's URL asking for the first `columns` (the placeholder's links). */
  url: (columns: number) => string;
}

export interface VisualizerProps {
  url: string;
  /** URL of a task's details, by task id. */
  taskUrl: (taskId: string) => string;
  /** URL of the groups of tasks: `?key=<group>` answers a group, `&open=1` expanded. */
  groupsUrl: string;
  meta: FetchedMeta;
  since: string | null;
  /** Every column; all drawn unless `window` says otherwise. */
  columns: GridColumn[];
  window?: GridWindow;
  filters: GridFilterOptions;
  /** Tasks still being placed, started or stopped: the region reads again shortly. */
  converging: boolean;
}

function TaskBlock(props: { task: TaskSummary; taskUrl: VisualizerProps['taskUrl'] }) {
  const t = props.task;
  const name = t.serviceName ?? t.serviceId;
  return (
    <button
      type="button"
      class={`cl-block cl-task-${t.stateKind}`}
      data-task={t.id}
      data-service={name}
      data-kind={t.stateKind}
      data-state={t.state}
      title={`${name}${t.slot !== null ? `.${t.slot}` : ''}: ${t.state}${t.error ? ` — ${t.error}` : ''}`}
      hx-get={props.taskUrl(t.id)}
      hx-target="#cl-task-details"
      hx-swap="innerHTML"
    >
      <span class="cl-block-name">{name}</span>
      {t.slot !== null ? <span class="cl-block-slot">.{t.slot}</span> : null}
    </button>
  );
}

/**
 * A service's tasks in one state on one node: a chip with their count, or, expanded, the chip and the tasks. The
 * chip is one element (its count and caret are drawn by CSS from `data-count`): a grid of 10,000 tasks holds ~900.
 */
export function TaskGroupItem(props: { group: TaskGroup; expanded: boolean; taskUrl: VisualizerProps['taskUrl'] }) {
  const { group, expanded } = props;
  const count = group.tasks.length;
  const chip = (
    <button
      type="button"
      class={`cl-block cl-chip cl-task-${group.stateKind}`}
      data-group={group.key}
      data-service={group.serviceName}
      data-kind={group.stateKind}
      data-count={String(count)}
      aria-expanded={expanded ? 'true' : 'false'}
      title={`${group.serviceName}: ${count} tasks ${group.stateKind}${expanded ? '' : ', click to show them'}`}
    >
      {group.serviceName}
    </button>
  );
  if (!expanded) return chip;
  return (
    <div class="cl-group" data-service={group.serviceName} data-kind={group.stateKind}>
      <input type="hidden" name="expand" value={group.key} />
      {chip}
      {group.tasks.map((t) => (
        <TaskBlock task={t} taskUrl={props.taskUrl} />
      ))}
    </div>
  );
}

function Item(props: { item: GridItem; taskUrl: VisualizerProps['taskUrl'] }) {
  const { item } = props;
  return item.kind === 'task' ? (
    <TaskBlock task={item.task} taskUrl={props.taskUrl} />
  ) : (
    <TaskGroupItem group={item.group} expanded={item.expanded} taskUrl={props.taskUrl} />
  );
}

function Column(props: { column: GridColumn; taskUrl: VisualizerProps['taskUrl'] }) {
  const { node, tasks, items } = props.column;
  const down = node !== null && node.status !== 'ready';
  return (
    <section class={`cl-col${down ? ' cl-dim' : ''}${node === null ? ' cl-col-unplaced' : ''}`} data-node={node?.id ?? ''} data-hostname={node?.hostname ?? ''}>
      <header class="cl-col-head">
        {node ? (
          <>
            <div class="cl-col-title cl-strong" title={node.hostname}>
              {node.hostname}
            </div>
            <div class="cl-col-meta">
              {node.isLeader ? <LeaderBadge /> : <span class="cl-muted">{node.role}</span>}
              <NodeState status={node.status} message={node.statusMessage} />
              <span data-field="availability">
                <Availability availability={node.availability} />
              </span>
            </div>
          </>
        ) : (
          <>
            <div class="cl-col-title cl-strong">Not placed</div>
            <div class="cl-col-meta cl-muted cl-small">no node has taken these tasks (constraints, resources, or their node left)</div>
          </>
        )}
        <div class="cl-muted cl-small" data-field="task-count">
          {tasks.length} task{tasks.length === 1 ? '' : 's'}
        </div>
      </header>
      <div class="cl-col-tasks">
        {items.map((item) => (
          <Item item={item} taskUrl={props.taskUrl} />
        ))}
      </div>
    </section>
  );
}

/**
 * One filter of the grid; the pages' script keeps its value across live re-renders. A `lazy` filter's options (one
 * per service or node: a thousand at scale) wait as data after the select (no element, no style, no layout) until the
 * select is first focused (mouse or keyboard) or a kept choice must be shown.
 */
function FilterSelect(props: { name: string; label: string; all: string; options: { value: string; text: string }[]; lazy?: boolean }) {
  return (
    <label>
      <span class="cl-sr">{props.label}</span>
      <select
        data-grid-filter={props.name}
        name={props.name}
        aria-label={`Filter by ${props.label.toLowerCase()}`}
        class={props.lazy ? 'cl-lazy-options' : undefined}
      >
        <option value="">{props.all}</option>
        {props.lazy ? null : props.options.map((o) => <option value={o.value}>{o.text}</option>)}
      </select>
      {props.lazy ? <OptionsData attributes={{ 'data-grid-options': props.name }} options={props.options} /> : null}
    </label>
  );
}

function Filters(props: { options: GridFilterOptions }) {
  const nodes = props.options.nodes;
  return (
    <div class="cl-filters cl-grid-only">
      <FilterSelect name="service" label="Service" all="All services" options={props.options.services.map((s) => ({ value: s, text: s }))} lazy />
      <FilterSelect name="state" label="State" all="All states" options={props.options.kinds.map((k) => ({ value: k, text: k }))} />
      <FilterSelect name="node" label="Node" all="All nodes" options={nodes.map((n) => ({ value: n.id, text: n.hostname }))} lazy />
    </div>
  );
}

/** What the pages' script sends the region when it wants more columns (`live-more` on the region). */
const MORE_TRIGGER = 'live-more';

/**
 * Where the columns not drawn yet come: links to the page with the next ones and with all (what a page without script
 * follows, and a keyboard reaches after the last column's chips); the pages' script asks for them in place.
 */
function MoreColumns(props: { shown: number; total: number; window: GridWindow }) {
  const later = props.total - props.shown;
  const next = Math.min(props.shown + props.window.step, props.total);
  return (
    <section class="cl-col-more" data-next={String(next)} data-total={String(props.total)}>
      <span class="cl-muted cl-small">
        {later} more column{later === 1 ? '' : 's'}
      </span>
      {next < props.total ? (
        <a href={props.window.url(next)} data-columns={String(next)}>
          Show {next - props.shown} more
        </a>
      ) : null}
      <a href={props.window.url(props.total)} data-columns={String(props.total)}>
        Show all {props.total}
      </a>
    </section>
  );
}

export function VisualizerLive(props: VisualizerProps) {
  const shown = Math.min(props.window?.shown ?? props.columns.length, props.columns.length);
  const taskCount = props.columns.reduce((n, c) => n + c.tasks.length, 0);
  const nodeCount = props.columns.filter((c) => c.node !== null).length;
  return (
    <LiveRegion
      id="cl-visualizer-live"
      url={props.url}
      include="#cl-visualizer-live input[name='expand'], #cl-visualizer-live input[name='columns']"
      trigger={MORE_TRIGGER}
      converging={props.converging}
    >
      <StaleNotice meta={props.meta} since={props.since} />
      <div class="cl-toolbar">
        {/* aria-selected as the grid is first shown; the pages' script sets it for the view shown. */}
        <div class="cl-tabs" role="tablist">
          <button type="button" role="tab" data-view-tab="grid" aria-selected="true">
            Grid
          </button>
          <button type="button" role="tab" data-view-tab="topology" aria-selected="false">
            Topology
          </button>
        </div>
        <Filters options={props.filters} />
        <span class="cl-spacer"></span>
        <span class="cl-legend cl-small cl-grid-only">
          {KINDS.map((k) => (
            <span class={`cl-legend-item cl-task-${k}`}>{k}</span>
          ))}
        </span>
        <span class="cl-muted cl-small">
          {nodeCount} nodes · {taskCount} tasks
        </span>
        <FetchedAt meta={props.meta} />
      </div>
      <div class="cl-grid-view cl-grid-only">
        {props.window ? <input type="hidden" name="columns" value={String(props.window.shown)} /> : null}
        {props.columns.length === 0 ? (
          <div class="cl-empty">
            <h2>No nodes</h2>
            <p>The swarm reported no nodes.</p>
          </div>
        ) : (
          // x-ignore: a region swapped in whole is walked by alpine (as every added element is); the grid (thousands of
          // elements) has no directive, so the walk stops here.
          <div class="cl-columns" data-groups-url={props.groupsUrl} x-ignore>
            {props.columns.slice(0, shown).map((c) => (
              <Column column={c} taskUrl={props.taskUrl} />
            ))}
            {props.window && shown < props.columns.length ? <MoreColumns shown={shown} total={props.columns.length} window={props.window} /> : null}
          </div>
        )}
      </div>
    </LiveRegion>
  );
}

const TOPOLOGY_ID = 'cl-topology-live';

/** The topology drawing, a live region of its own: only the nodes, read and drawn once someone looks at it. */
export function TopologyLive(props: { url: string; layout: TopologyLayout }) {
  return (
    <LiveRegion id={TOPOLOGY_ID} url={props.url}>
      <TopologyLegend />
      <Topology layout={props.layout} />
    </LiveRegion>
  );
}

/**
 * Where the topology comes when first shown (the pages' script asks `data-topology-url`): a page opened on the grid
 * carries no drawing, and the grid's live patches touch none.
 */
export function TopologyToCome(props: { url: string }) {
  return <div id={TOPOLOGY_ID} data-topology-url={props.url}></div>;
}

/**
 * The element around the grid's live region (the view and filters survive its re-renders), the topology (drawn, or to
 * come when first shown) and the task details panel.
 */
export function VisualizerShell(props: { initialView: 'grid' | 'topology'; topology?: Child; children?: Child }) {
  // The view picked in the URL (?view=topology) is the one first shown.
  return (
    <div class="cl-visualizer" data-view={props.initialView === 'topology' ? 'topology' : 'grid'}>
      {props.children}
      <div class="cl-topology-view">{props.topology}</div>
      <aside id="cl-task-details" data-task-details aria-live="polite"></aside>
    </div>
  );
}
