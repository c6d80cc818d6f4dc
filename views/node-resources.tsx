/**
 * The resource row of the overview: per node, CPU, memory and disk use read over SSH, or its
 * capacity alone (and why) when it cannot be read. Loaded after the page (SSH reads take a moment).
 */

import type { NodeResourceReading } from '../src/domain/node-resources.ts';
import type { NodeSummary } from '../src/domain/swarm-summaries.ts';
import { formatBytes, formatClock, formatCores, formatPercent, formatPlatform } from './format.ts';

function Meter(props: { label: string; percent: number | null; detail: string }) {
  const level = props.percent === null ? 'none' : props.percent >= 90 ? 'high' : props.percent >= 75 ? 'mid' : 'low';
  return (
    <div class="cl-meter-row">
      <span class="cl-meter-label">{props.label}</span>
      <span
        class={`cl-meter cl-meter-${level}`}
        role="meter"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={props.percent ?? undefined}
      >
        {/* An SVG bar: a `style` attribute would be refused by the Content-Security-Policy. */}
        <svg viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true">
          <rect width={Math.min(100, Math.max(0, props.percent ?? 0))} height="1" />
        </svg>
      </span>
      <span class="cl-meter-value">{formatPercent(props.percent)}</span>
      <span class="cl-meter-detail cl-muted">{props.detail}</span>
    </div>
  );
}

function NodeResourceCard(props: { node: NodeSummary; reading: NodeResourceReading | undefined }) {
  const { node, reading } = props;
  const usage = reading?.usage;
  const capacity = `${formatCores(node.cpuCores)} · ${formatBytes(node.memoryBytes)}`;
  return (
    <article class={`cl-card cl-res-card${node.status !== 'ready' ? ' cl-dim' : ''}`} data-node={node.id} data-source={reading?.source ?? 'capacity'}>
      <header>
        <span class="cl-strong">{node.hostname}</span>
        <span class="cl-muted">{node.role}</span>
        <span class="cl-muted cl-mono" data-field="platform">
          {formatPlatform(node)}
        </span>
      </header>
      {usage ? (
        <>
          <Meter label="CPU" percent={usage.cpuPercent} detail={`${formatCores(node.cpuCores)}${usage.load ? ` · load ${usage.load[0].toFixed(2)}` : ''}`} />
          <Meter label="Memory" percent={usage.memoryPercent} detail={`${formatBytes(usage.memoryUsedBytes)} / ${formatBytes(usage.memoryTotalBytes)}`} />
          <Meter label="Disk /" percent={usage.diskPercent} detail={`${formatBytes(usage.diskUsedBytes)} / ${formatBytes(usage.diskTotalBytes)}`} />
          {reading?.stale && reading.readAt ? (
            <p class="cl-muted cl-small">
              Last reading, from <time datetime={reading.readAt}>{formatClock(reading.readAt)}</time>: reading {reading.serverName ?? 'the server'} over SSH now
              fails ({reading.error}).
            </p>
          ) : null}
        </>
      ) : reading?.source === 'failed' ? (
        <>
          <p class="cl-capacity">{capacity}</p>
          <p class="cl-muted cl-small">
            Capacity only: reading {reading.serverName ?? 'the server'} over SSH failed ({reading.error}).
          </p>
        </>
      ) : (
        <>
          <p class="cl-capacity">{capacity}</p>
          <p class="cl-muted cl-small">Capacity only: no known server has this node's address. Add it as a server of the team to see its use.</p>
        </>
      )}
    </article>
  );
}

/** The row, refreshing itself every minute (the readings' cache time). */
export function ResourceRow(props: { url: string; nodes: NodeSummary[]; readings: NodeResourceReading[]; note?: string }) {
  const byNode = new Map(props.readings.map((r) => [r.nodeId, r]));
  return (
    <section id="cl-resources" class="cl-resources" hx-get={props.url} hx-trigger="every 60s" hx-swap="outerHTML" aria-label="Node resources">
      {props.note ? <p class="cl-muted cl-small">{props.note}</p> : null}
      {props.nodes.map((node) => (
        <NodeResourceCard node={node} reading={byNode.get(node.id)} />
      ))}
    </section>
  );
}

/** Placeholder rendered with the page; it fetches the row as soon as it is on screen. */
export function ResourceRowLoading(props: { url: string; nodeCount: number }) {
  return (
    <section id="cl-resources" class="cl-resources" hx-get={props.url} hx-trigger="load" hx-swap="outerHTML" aria-busy="true" aria-label="Node resources">
      <p class="cl-muted cl-loading">
        Reading CPU, memory and disk of {props.nodeCount} node{props.nodeCount === 1 ? '' : 's'} over SSH…
      </p>
    </section>
  );
}
