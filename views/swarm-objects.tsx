/**
 * The Secrets and Configs sections: the list (name, version, created, updated, labels, the services using
 * each, linked), the rotation history, the create form and the rotate form. A value typed into a form is
 * never rendered back: after a refusal only the name and labels are kept.
 */
import type { Child } from 'hono/jsx';
import type { RotationSummary } from '../src/domain/rotation-plan.ts';
import type { SwarmObjectSummary } from '../src/domain/swarm-object-summary.ts';
import { type FetchedMeta, StaleNotice } from './fetch-notice.tsx';
import { formatAgo, formatDateTime } from './format.ts';
import { Labels } from './labels.tsx';
import { LiveRegion } from './live-region.tsx';

export type ObjectKind = 'secret' | 'config';

const WORDS = {
  secret: { title: 'Secrets', one: 'secret', content: 'Value', contentField: 'value' },
  config: { title: 'Configs', one: 'config', content: 'Content', contentField: 'data' },
} as const;

/** Where each action of a section posts, and where its pages are. */
export interface ObjectUrls {
  section: string;
  create: string;
  remove(id: string): string;
  rotateForm(id: string): string;
  rotate(id: string): string;
  view(id: string): string;
  rotation(id: string): string;
  service(id: string): string;
}

export interface ObjectsRegionProps {
  kind: ObjectKind;
  objects: SwarmObjectSummary[];
  /** When the list was read, and whether it is the last known one (no manager answered). */
  meta: FetchedMeta;
  /** When the cluster became unreachable, if it is. */
  since: string | null;
  rotations: RotationSummary[];
  urls: ObjectUrls;
  canOperate: boolean;
}

/** The live part of a section: the list and the rotation history, re-rendered on swarm events. */
export function ObjectsRegion(props: ObjectsRegionProps) {
  const words = WORDS[props.kind];
  return (
    <LiveRegion id={`cl-${props.kind}s`} url={props.urls.section}>
      <StaleNotice meta={props.meta} since={props.since} />
      {props.objects.length === 0 ? (
        <p class="cl-empty">No {words.one}s in this swarm yet.</p>
      ) : (
        <div class="cl-table-wrap">
          <table class="cl-table" data-objects={props.kind}>
            <thead>
              <tr>
                <th>Name</th>
                <th>Version</th>
                <th>Created</th>
                <th>Updated</th>
                <th>Labels</th>
                <th>Used by</th>
                {props.canOperate || props.kind === 'config' ? <th>Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {props.objects.map((object) => (
                <ObjectRow {...props} object={object} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <RotationHistory kind={props.kind} rotations={props.rotations} urls={props.urls} />
    </LiveRegion>
  );
}

function ObjectRow(props: ObjectsRegionProps & { object: SwarmObjectSummary }) {
  const { object, urls } = props;
  return (
    <tr data-object={object.name}>
      <td>
        <strong>{object.name}</strong>
        {object.createdBy ? <div class="cl-muted">by {object.createdBy}</div> : null}
      </td>
      <td>
        v{object.version} of {object.family}
        {object.rotatedFrom ? <div class="cl-muted">rotated from {object.rotatedFrom}</div> : null}
      </td>
      <td title={object.createdAt}>{formatDateTime(object.createdAt)}</td>
      <td title={object.updatedAt}>{formatAgo(object.updatedAt)}</td>
      <td>
        <Labels labels={object.labels} />
      </td>
      <td>
        {object.usedBy.length === 0 ? (
          <span class="cl-muted">no service</span>
        ) : (
          object.usedBy.map((service, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <a href={urls.service(service.id)}>{service.name}</a>
            </>
          ))
        )}
      </td>
      {props.canOperate || props.kind === 'config' ? (
        <td class="cl-op-buttons">
          {props.kind === 'config' ? (
            <a class="cl-button cl-button-quiet" href={urls.view(object.id)}>
              View
            </a>
          ) : null}
          {props.canOperate ? (
            <>
              <button type="button" class="cl-button cl-button-quiet" hx-get={urls.rotateForm(object.id)} hx-target="#cl-rotation" hx-swap="innerHTML">
                Rotate…
              </button>
              <button
                type="button"
                class="cl-button cl-button-quiet"
                hx-post={urls.remove(object.id)}
                hx-confirm={`Remove ${props.kind} ${object.name}?`}
                hx-target="#cl-object-notice"
                hx-swap="innerHTML"
              >
                Remove
              </button>
            </>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}

function RotationHistory(props: { kind: ObjectKind; rotations: RotationSummary[]; urls: ObjectUrls }) {
  if (props.rotations.length === 0) return null;
  return (
    <section class="cl-rotations">
      <h2>Rotation history</h2>
      <div class="cl-table-wrap">
        <table class="cl-table cl-compact">
          <thead>
            <tr>
              <th>Family</th>
              <th>From</th>
              <th>To</th>
              <th>Status</th>
              <th>Started</th>
              <th>By</th>
            </tr>
          </thead>
          <tbody>
            {props.rotations.map((rotation) => (
              <tr data-rotation={rotation.id}>
                <td>{rotation.family}</td>
                <td>{rotation.from.name}</td>
                <td>{rotation.to.name}</td>
                <td>
                  <a href={props.urls.rotation(rotation.id)}>{rotation.status}</a>
                </td>
                <td title={rotation.createdAt}>{formatDateTime(rotation.createdAt)}</td>
                <td>{rotation.startedBy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export interface ObjectFormProps {
  kind: ObjectKind;
  action: string;
  /** Kept after a refusal: never the content. */
  values?: { name?: string; labels?: string };
  errors?: Partial<Record<'name' | 'content' | 'labels', string>>;
  /** The outcome of the last submit, or a refusal not about one field. */
  notice?: { tone: 'ok' | 'error'; message: string };
}

function FieldError(props: { id: string; message?: string }) {
  return props.message ? (
    <span class="cl-field-error" id={props.id}>
      {props.message}
    </span>
  ) : null;
}

/** Content from a text field (a password field for a secret) or an uploaded file. */
function ContentFields(props: { kind: ObjectKind; prefix: string; error?: string }) {
  const words = WORDS[props.kind];
  const id = `${props.prefix}-content`;
  const described = props.error ? `${id}-error` : undefined;
  return (
    <div class={props.error ? 'cl-field cl-invalid' : 'cl-field'}>
      <label for={id}>{words.content}</label>
      {props.kind === 'secret' ? (
        <input id={id} name="value" type="password" autocomplete="new-password" aria-invalid={props.error ? 'true' : undefined} aria-describedby={described} />
      ) : (
        <textarea id={id} name="data" rows={6} spellcheck={false} aria-invalid={props.error ? 'true' : undefined} aria-describedby={described}></textarea>
      )}
      <label for={`${id}-file`} class="cl-muted">
        or upload a file (used instead)
      </label>
      <input id={`${id}-file`} name="file" type="file" />
      <FieldError id={`${id}-error`} message={props.error} />
    </div>
  );
}

export function ObjectForm(props: ObjectFormProps) {
  const words = WORDS[props.kind];
  const values = props.values ?? {};
  const errors = props.errors ?? {};
  const prefix = `cl-new-${props.kind}`;
  return (
    <form id={`${prefix}-form`} class="cl-form" hx-post={props.action} hx-encoding="multipart/form-data" hx-target="this" hx-swap="outerHTML" novalidate>
      <h2>New {words.one}</h2>
      {props.notice ? (
        <p class={`cl-notice ${props.notice.tone === 'ok' ? 'cl-notice-ok' : 'cl-notice-error'}`} role={props.notice.tone === 'ok' ? 'status' : 'alert'}>
          {props.notice.message}
        </p>
      ) : null}
      <div class={errors.name ? 'cl-field cl-invalid' : 'cl-field'}>
        <label for={`${prefix}-name`}>Name</label>
        <input
          id={`${prefix}-name`}
          name="name"
          value={values.name ?? ''}
          maxlength={64}
          aria-invalid={errors.name ? 'true' : undefined}
          aria-describedby={errors.name ? `${prefix}-name-error` : undefined}
        />
        <FieldError id={`${prefix}-name-error`} message={errors.name} />
      </div>
      <ContentFields kind={props.kind} prefix={prefix} error={errors.content} />
      <div class={errors.labels ? 'cl-field cl-invalid' : 'cl-field'}>
        <label for={`${prefix}-labels`}>
          Labels <span class="cl-muted">(key=value, one a line)</span>
        </label>
        <textarea id={`${prefix}-labels`} name="labels" rows={2} aria-invalid={errors.labels ? 'true' : undefined}>
          {values.labels ?? ''}
        </textarea>
        <FieldError id={`${prefix}-labels-error`} message={errors.labels} />
      </div>
      <div class="cl-form-actions">
        <button type="submit" class="cl-button">
          Create {words.one}
        </button>
      </div>
    </form>
  );
}

/** The form for a rotation's new content; it replaces itself with the rotation's progress. */
export function RotateForm(props: { kind: ObjectKind; object: { id: string; name: string }; action: string; error?: string }) {
  const prefix = `cl-rotate-${props.kind}`;
  return (
    <form id={`${prefix}-form`} class="cl-form" hx-post={props.action} hx-encoding="multipart/form-data" hx-target="this" hx-swap="outerHTML" novalidate>
      <h2>Rotate {props.object.name}</h2>
      <p class="cl-muted">
        A new version is created with this {WORDS[props.kind].content.toLowerCase()}; every service using {props.object.name} is moved to it (same target, uid,
        gid and mode), one rolling update at a time; then {props.object.name} is removed.
      </p>
      <ContentFields kind={props.kind} prefix={prefix} error={props.error} />
      <div class="cl-form-actions">
        <button type="submit" class="cl-button">
          Start rotation
        </button>
      </div>
    </form>
  );
}

/** A short outcome shown above the list (a removal, or why it was refused). */
export function ObjectNotice(props: { tone: 'ok' | 'error'; message: string }) {
  return (
    <p class={`cl-notice ${props.tone === 'ok' ? 'cl-notice-ok' : 'cl-notice-error'}`} role={props.tone === 'ok' ? 'status' : 'alert'}>
      {props.message}
    </p>
  );
}

/** The whole section: notices, the live list (`region`), the rotation panel and the create form. */
export function ObjectsSection(props: { region: Child; canOperate: boolean; form: ObjectFormProps }) {
  return (
    <div class="cl-objects">
      <div id="cl-object-notice" aria-live="polite"></div>
      {props.region}
      <div id="cl-rotation"></div>
      {props.canOperate ? <ObjectForm {...props.form} /> : null}
    </div>
  );
}

export interface ConfigContentProps {
  config: SwarmObjectSummary & { data: string; bytes: number; truncated: boolean };
  back: string;
}

/** A config's content as text (escaped), cut at the cap with a note. */
export function ConfigContent(props: ConfigContentProps) {
  const { config } = props;
  return (
    <section class="cl-config-content">
      <p>
        <a href={props.back}>← Configs</a>
      </p>
      <h2>{config.name}</h2>
      <p class="cl-muted">
        {config.bytes} bytes · created {formatDateTime(config.createdAt)}
      </p>
      <Labels labels={config.labels} />
      {config.truncated ? (
        <p class="cl-notice cl-notice-warn" role="status">
          Only the first {new TextEncoder().encode(config.data).length} of {config.bytes} bytes are shown.
        </p>
      ) : null}
      <pre class="cl-config-data">{config.data}</pre>
    </section>
  );
}
