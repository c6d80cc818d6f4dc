/**
 * The Settings tab of a cluster: its name and description, its own settings over the plugin's, which
 * notifications the team gets for it, and deleting it (after a confirmation saying what is forgotten).
 * Each form posts with htmx and is re-rendered in place: errors beside their fields, or "Saved".
 */
import type { ClusterSettings } from '../src/domain/cluster-settings.ts';
import { FieldError } from './cluster-create-form.tsx';

type Errors<F extends string> = Partial<Record<F, string>>;

function Saved(props: { saved?: boolean; formError?: string }) {
  if (props.formError) {
    return (
      <p class="cl-notice cl-notice-error" role="alert">
        {props.formError}
      </p>
    );
  }
  return props.saved ? (
    <p class="cl-notice cl-notice-ok" role="status">
      Saved.
    </p>
  ) : null;
}

export type DetailsField = 'name' | 'description';

export interface DetailsFormProps {
  action: string;
  values: { name: string; description: string };
  errors?: Errors<DetailsField>;
  formError?: string;
  canEdit: boolean;
}

export function ClusterDetailsForm(props: DetailsFormProps) {
  const errors = props.errors ?? {};
  const cls = (f: DetailsField) => (errors[f] ? 'cl-field cl-invalid' : 'cl-field');
  return (
    <form id="cl-details-form" class="cl-form" hx-post={props.action} hx-target="this" hx-swap="outerHTML" novalidate>
      <h2>Name and description</h2>
      <Saved formError={props.formError} />
      <div class={cls('name')}>
        <label for="cl-edit-name">Name</label>
        <input
          id="cl-edit-name"
          name="name"
          value={props.values.name}
          maxlength={100}
          disabled={!props.canEdit}
          aria-invalid={errors.name ? 'true' : undefined}
          aria-describedby={errors.name ? 'cl-edit-name-error' : undefined}
        />
        <FieldError id="cl-edit-name-error" message={errors.name} />
      </div>
      <div class={cls('description')}>
        <label for="cl-edit-description">
          Description <span class="cl-muted">(optional)</span>
        </label>
        <input
          id="cl-edit-description"
          name="description"
          value={props.values.description}
          maxlength={1000}
          disabled={!props.canEdit}
          aria-invalid={errors.description ? 'true' : undefined}
          aria-describedby={errors.description ? 'cl-edit-description-error' : undefined}
        />
        <FieldError id="cl-edit-description-error" message={errors.description} />
      </div>
      {props.canEdit ? (
        <div class="cl-form-actions">
          <button type="submit" class="cl-button">
            Save
          </button>
        </div>
      ) : null}
    </form>
  );
}

export type SettingsField = keyof ClusterSettings;

export interface SettingsFormProps {
  action: string;
  /** What applies now. */
  settings: ClusterSettings;
  /** The plugin's, for what the cluster did not set. */
  defaults: ClusterSettings;
  /** The settings the cluster set itself. */
  changed: SettingsField[];
  /** What was typed, when re-rendered with errors. */
  values?: Partial<Record<SettingsField, string>>;
  errors?: Errors<SettingsField>;
  saved?: boolean;
  canEdit: boolean;
}

const NUMBER_FIELDS: { field: Exclude<SettingsField, 'autoLinkNodes'>; label: string; unit: string }[] = [
  { field: 'syncIntervalSeconds', label: 'Sync interval', unit: 'seconds' },
  { field: 'eventRetentionDays', label: 'Keep swarm events for', unit: 'days' },
  { field: 'shortServiceGraceSeconds', label: 'Notify about a service below its replicas after', unit: 'seconds' },
  { field: 'nodeResourceRefreshSeconds', label: 'Refresh node CPU, memory and disk every', unit: 'seconds' },
];

export function ClusterSettingsForm(props: SettingsFormProps) {
  const errors = props.errors ?? {};
  const own = (f: SettingsField) => props.changed.includes(f);
  const value = (f: SettingsField) => props.values?.[f] ?? (own(f) ? String(props.settings[f]) : '');
  const autoLink = props.values?.autoLinkNodes ?? (own('autoLinkNodes') ? (props.settings.autoLinkNodes ? 'on' : 'off') : '');
  return (
    <form id="cl-settings-form" class="cl-form" hx-post={props.action} hx-target="this" hx-swap="outerHTML" novalidate>
      <h2>Cluster settings</h2>
      <p class="cl-muted">Leave a field empty to follow the plugin's default.</p>
      <Saved saved={props.saved} />
      {NUMBER_FIELDS.map(({ field, label, unit }) => (
        <div class={errors[field] ? 'cl-field cl-invalid' : 'cl-field'}>
          <label for={`cl-set-${field}`}>
            {label}{' '}
            <span class="cl-muted">
              ({unit}; default {props.defaults[field]})
            </span>
          </label>
          <input
            id={`cl-set-${field}`}
            name={field}
            inputmode="numeric"
            value={value(field)}
            placeholder={String(props.defaults[field])}
            disabled={!props.canEdit}
            aria-invalid={errors[field] ? 'true' : undefined}
            aria-describedby={errors[field] ? `cl-set-${field}-error` : undefined}
          />
          <FieldError id={`cl-set-${field}-error`} message={errors[field]} />
        </div>
      ))}
      <div class={errors.autoLinkNodes ? 'cl-field cl-invalid' : 'cl-field'}>
        <label for="cl-set-autoLinkNodes">Link new nodes to known servers by address</label>
        <select
          id="cl-set-autoLinkNodes"
          name="autoLinkNodes"
          disabled={!props.canEdit}
          aria-invalid={errors.autoLinkNodes ? 'true' : undefined}
          aria-describedby={errors.autoLinkNodes ? 'cl-set-autoLinkNodes-error' : undefined}
        >
          <option value="" selected={autoLink === ''}>
            Default ({props.defaults.autoLinkNodes ? 'yes' : 'no'})
          </option>
          <option value="on" selected={autoLink === 'on'}>
            Yes
          </option>
          <option value="off" selected={autoLink === 'off'}>
            No
          </option>
        </select>
        <FieldError id="cl-set-autoLinkNodes-error" message={errors.autoLinkNodes} />
      </div>
      {props.canEdit ? (
        <div class="cl-form-actions">
          <button type="submit" class="cl-button">
            Save settings
          </button>
        </div>
      ) : null}
    </form>
  );
}

export interface KindRow {
  kind: string;
  label: string;
  /** The cluster's own choice, or null to follow the team's. */
  clusterMode: string | null;
  teamMode: string;
  /** The team's own choice (null: the default), and the default. */
  teamChoice?: string | null;
  defaultMode?: string;
}

const MODE_WORDS: Record<string, string> = { immediate: 'at once', digest: 'in a digest', off: 'never' };

/**
 * `team`: the team's choices for all its clusters (each row's `teamChoice`, else the default), instead of one
 * cluster's over the team's.
 */
export function NotificationPreferencesForm(props: {
  action: string;
  kinds: KindRow[];
  saved?: boolean;
  /** Kind -> why the mode sent for it was refused. */
  errors?: Record<string, string>;
  canEdit: boolean;
  team?: boolean;
}) {
  const errors = props.errors ?? {};
  const own = (k: KindRow) => (props.team ? (k.teamChoice ?? null) : k.clusterMode);
  const inherited = (k: KindRow) =>
    props.team ? `Default: ${MODE_WORDS[k.defaultMode ?? ''] ?? k.defaultMode}` : `As the team: ${MODE_WORDS[k.teamMode] ?? k.teamMode}`;
  return (
    <form id="cl-notify-form" class="cl-form" hx-post={props.action} hx-target="this" hx-swap="outerHTML">
      <h2>{props.team ? 'Notifications for all clusters' : 'Notifications'}</h2>
      <p class="cl-muted">
        {props.team
          ? "What the team is told about its clusters, and when; a cluster's Settings tab may choose otherwise for itself."
          : 'What the team is told about this cluster, and when.'}{' '}
        A digest gathers an hour of changes into one notification.
      </p>
      <Saved saved={props.saved} />
      <table class="cl-table cl-notify-table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Send</th>
          </tr>
        </thead>
        <tbody>
          {props.kinds.map((k) => (
            <tr>
              <td>
                <label for={`cl-notify-${k.kind}`}>{k.label}</label> <code class="cl-muted">{k.kind}</code>
              </td>
              <td>
                <select
                  id={`cl-notify-${k.kind}`}
                  name={k.kind}
                  disabled={!props.canEdit}
                  aria-invalid={errors[k.kind] ? 'true' : undefined}
                  aria-describedby={errors[k.kind] ? `cl-notify-${k.kind}-error` : undefined}
                >
                  <option value="" selected={own(k) === null}>
                    {inherited(k)}
                  </option>
                  {Object.entries(MODE_WORDS).map(([mode, words]) => (
                    <option value={mode} selected={own(k) === mode}>
                      {words[0]!.toUpperCase() + words.slice(1)}
                    </option>
                  ))}
                </select>
                <FieldError id={`cl-notify-${k.kind}-error`} message={errors[k.kind]} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.canEdit ? (
        <div class="cl-form-actions">
          <button type="submit" class="cl-button">
            Save notifications
          </button>
        </div>
      ) : null}
    </form>
  );
}

/** The page of the team's choices for all its clusters, linked from the cluster list. */
export function TeamNotificationsPage(props: { kinds: KindRow[]; action: string; canEdit: boolean; clustersUrl: string }) {
  return (
    <div class="clusters cl-list-page">
      <p class="cl-muted">
        <a href={props.clustersUrl}>Clusters</a>
      </p>
      <NotificationPreferencesForm action={props.action} kinds={props.kinds} canEdit={props.canEdit} team />
    </div>
  );
}

/** The delete button, replaced by the confirmation when pressed. */
export function DeleteClusterStart(props: { confirmUrl: string }) {
  return (
    <div id="cl-delete" class="cl-form cl-danger">
      <h2>Delete this cluster</h2>
      <p class="cl-muted">The panel forgets the cluster; the swarm itself keeps running.</p>
      <div class="cl-form-actions">
        <button type="button" class="cl-button cl-button-danger" hx-get={props.confirmUrl} hx-target="#cl-delete" hx-swap="outerHTML">
          Delete cluster…
        </button>
      </div>
    </div>
  );
}

export function DeleteClusterConfirm(props: { action: string; cancelUrl: string; name: string; linkedServers: number; storedEvents: number }) {
  return (
    <div id="cl-delete" class="cl-form cl-danger" role="alertdialog" aria-labelledby="cl-delete-title">
      <h2 id="cl-delete-title">Delete {props.name}?</h2>
      <p>The panel forgets:</p>
      <ul>
        <li>the cluster {props.name}, its settings and notification choices;</li>
        <li>
          its links to {props.linkedServers} known {props.linkedServers === 1 ? 'server' : 'servers'} (the servers stay in the panel);
        </li>
        <li>
          its {props.storedEvents} stored swarm {props.storedEvents === 1 ? 'event' : 'events'}.
        </li>
      </ul>
      <p>
        <strong>The swarm itself is untouched:</strong> its nodes, services, secrets and tasks keep running. Detect it again to see it here.
      </p>
      <div class="cl-form-actions">
        <button type="button" class="cl-button cl-button-danger" hx-post={props.action}>
          Delete {props.name}
        </button>
        <button type="button" class="cl-button cl-button-quiet" hx-get={props.cancelUrl} hx-target="#cl-delete" hx-swap="outerHTML">
          Cancel
        </button>
      </div>
    </div>
  );
}
