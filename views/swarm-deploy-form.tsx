/**
 * The per-application swarm deploy form, embedded in the host's application page: every setting with its
 * message beside it, rows of constraints, spread preferences and labels added and removed in the browser
 * (alpine), a YAML tab with the produced `deploy:` mapping that also reads pasted YAML back, and the
 * placement check and deploy result regions. htmx posts carry the host's CSRF header from `<body hx-headers>`.
 */
import type { Child } from 'hono/jsx';
import {
  CONSTRAINT_FIELDS,
  RESTART_CONDITIONS,
  ROLLBACK_FAILURE_ACTIONS,
  UPDATE_FAILURE_ACTIONS,
  UPDATE_ORDERS,
} from '../src/domain/swarm-deploy-config.ts';
import { DeployResultPanel, type DeployResultView } from './deploy-result.tsx';
import { PlacementPreflightPanel, type PreflightView } from './placement-preflight.tsx';

interface UpdateValues {
  parallelism: string;
  delay: string;
  failureAction: string;
  monitor: string;
  order: string;
  maxFailureRatio: string;
}

/** Every setting as the text its field shows (possibly invalid: it is shown as typed, with the message). */
export interface SwarmFormValues {
  mode: string;
  replicas: string;
  workerOnly: boolean;
  constraints: { field: string; operator: string; value: string }[];
  preferences: { spread: string }[];
  resources: { limits: { cpus: string; memory: string }; reservations: { cpus: string; memory: string } };
  updateConfig: UpdateValues;
  rollbackConfig: UpdateValues;
  restartPolicy: { condition: string; delay: string; maxAttempts: string; window: string };
  healthCheck: { command: string; interval: string; timeout: string; retries: string; startPeriod: string };
  labels: { key: string; value: string }[];
}

export interface SwarmFormNotice {
  tone: 'ok' | 'error' | 'warning';
  text: string;
  /** Further lines (e.g. YAML keys that were ignored). */
  details?: string[];
}

export interface SwarmDeployFormProps {
  applicationName: string;
  urls: { form: string; save: string; preflight: string; deploy: string; yaml: string };
  cssUrl: string;
  values: SwarmFormValues;
  /** Messages by field name (`updateConfig.delay`). */
  errors: Record<string, string>;
  /** Preflight warnings by field name (`constraints.0.value`). */
  warnings: Record<string, string>;
  yaml: { deploy: string; healthcheck: string };
  tab: 'form' | 'yaml';
  notice: SwarmFormNotice | null;
  /** Why this viewer may not save or deploy; null when they may. */
  readOnlyReason: string | null;
  /** The cluster deploys go to, or why there is none. */
  cluster: { name: string; href: string } | { problem: string };
  suggestions: { fields: string[]; values: string[] };
  preflight: PreflightView | null;
  result: DeployResultView | null;
}

export const SWARM_FORM_ID = 'cl-swarm-deploy';
export const PREFLIGHT_REGION_ID = 'cl-swarm-preflight';
export const RESULT_REGION_ID = 'cl-swarm-result';

const fieldId = (name: string) => `cl-swarm-${name.replaceAll('.', '-')}`;

interface FieldProps {
  label: string;
  name: string;
  errors: Record<string, string>;
  warnings?: Record<string, string>;
  hint?: string;
  /** Spans two grid columns (long values). */
  wide?: boolean;
}

/** A labelled control with its message beside it (the error, else the preflight warning, else the hint). */
function Field(props: FieldProps & { children: Child }) {
  const error = props.errors[props.name];
  const warning = props.warnings?.[props.name];
  const state = error ? ' cl-invalid' : warning ? ' cl-warned' : '';
  return (
    <div class={`cl-field${state}${props.wide ? ' cl-wide' : ''}`}>
      <label for={fieldId(props.name)}>{props.label}</label>
      {props.children}
      <FieldMessage name={props.name} error={error} warning={warning} hint={props.hint} />
    </div>
  );
}

function FieldMessage(props: { name: string; error?: string; warning?: string; hint?: string }) {
  if (props.error) {
    return (
      <span class="cl-field-error" id={`${fieldId(props.name)}-message`} role="alert">
        {props.error}
      </span>
    );
  }
  if (props.warning) {
    return (
      <span class="cl-field-warning" id={`${fieldId(props.name)}-message`}>
        {props.warning}
      </span>
    );
  }
  return props.hint ? <small class="cl-muted">{props.hint}</small> : null;
}

/** The attributes that tie an input to its name and message. */
function control(name: string, errors: Record<string, string>, warnings: Record<string, string> = {}) {
  const message = errors[name] ?? warnings[name];
  return {
    id: fieldId(name),
    name,
    'aria-invalid': errors[name] ? 'true' : undefined,
    'aria-describedby': message ? `${fieldId(name)}-message` : undefined,
  };
}

function TextInput(props: FieldProps & { value: string; placeholder?: string; list?: string; inputmode?: 'numeric' | 'decimal' }) {
  return (
    <Field {...props}>
      <input
        type="text"
        {...control(props.name, props.errors, props.warnings)}
        value={props.value}
        placeholder={props.placeholder}
        list={props.list}
        inputmode={props.inputmode}
        autocomplete="off"
      />
    </Field>
  );
}

function Select(props: FieldProps & { value: string; options: readonly string[] }) {
  // A value the options do not hold (pasted YAML) stays selectable, so the message beside it makes sense.
  const options = props.options.includes(props.value) || props.value === '' ? props.options : [...props.options, props.value];
  return (
    <Field {...props}>
      <select {...control(props.name, props.errors)}>
        {options.map((o) => (
          <option value={o} selected={o === props.value}>
            {o}
          </option>
        ))}
      </select>
    </Field>
  );
}

function UpdateFields(props: { prefix: 'updateConfig' | 'rollbackConfig'; values: UpdateValues; errors: Record<string, string>; actions: readonly string[] }) {
  const { prefix, values, errors } = props;
  return (
    <div class="cl-grid">
      <TextInput label="Parallelism" name={`${prefix}.parallelism`} value={values.parallelism} errors={errors} inputmode="numeric" hint="tasks at a time; 0 = all" />
      <TextInput label="Delay" name={`${prefix}.delay`} value={values.delay} errors={errors} placeholder="10s" hint="between batches" />
      <Select label="Failure action" name={`${prefix}.failureAction`} value={values.failureAction} options={props.actions} errors={errors} />
      <TextInput label="Monitor" name={`${prefix}.monitor`} value={values.monitor} errors={errors} placeholder="5s" hint="watch each task this long" />
      <Select label="Order" name={`${prefix}.order`} value={values.order} options={UPDATE_ORDERS} errors={errors} />
      <TextInput label="Max failure ratio" name={`${prefix}.maxFailureRatio`} value={values.maxFailureRatio} errors={errors} inputmode="decimal" hint="0 to 1" />
    </div>
  );
}

function CellMessage(props: { name: string; errors: Record<string, string>; warnings?: Record<string, string> }) {
  return <FieldMessage name={props.name} error={props.errors[props.name]} warning={props.warnings?.[props.name]} />;
}

/** A text cell of a saved row, with its message below the input. */
function TextCell(props: { name: string; label: string; value: string; errors: Record<string, string>; warnings?: Record<string, string>; list?: string; placeholder?: string }) {
  const { name, errors, warnings } = props;
  return (
    <td class={errors[name] ? 'cl-invalid' : warnings?.[name] ? 'cl-warned' : undefined}>
      <input type="text" {...control(name, errors, warnings)} aria-label={props.label} value={props.value} list={props.list} placeholder={props.placeholder} autocomplete="off" />
      <CellMessage name={name} errors={errors} warnings={warnings} />
    </td>
  );
}

/**
 * A fieldset of rows: the saved ones (removed from the DOM in place), then rows added in the browser
 * (alpine), numbered on from the saved ones so their field names do not collide.
 */
function RowsFieldset<Row>(props: {
  legend: string;
  tableId: string;
  /** Column headings; none for a single-column list. */
  headings?: string[];
  rows: Row[];
  cells: (row: Row, i: number) => Child;
  /** The cells of an added row, named with alpine's `i`. */
  addedCells: Child;
  addLabel: string;
}) {
  return (
    <fieldset class="cl-rows" x-data={`{ added: [], next: ${props.rows.length} }`}>
      <legend>{props.legend}</legend>
      <table class="cl-row-table" id={props.tableId}>
        {props.headings ? (
          <thead>
            <tr>
              {props.headings.map((heading) => (
                <th scope="col">{heading}</th>
              ))}
              <th scope="col">
                <span class="cl-sr-only">Remove</span>
              </th>
            </tr>
          </thead>
        ) : null}
        <tbody>
          {props.rows.map((row, i) => (
            <tr data-row={i}>
              {props.cells(row, i)}
              <td>
                <button type="button" class="cl-link" x-on:click="$el.closest('tr').remove()">
                  Remove
                </button>
              </td>
            </tr>
          ))}
          <template x-for="i in added" x-bind:key="i">
            <tr>
              {props.addedCells}
              <td>
                <button type="button" class="cl-link" x-on:click="added = added.filter((n) => n !== i)">
                  Remove
                </button>
              </td>
            </tr>
          </template>
        </tbody>
      </table>
      <button type="button" class="cl-button cl-button-quiet" x-on:click="added.push(next++)">
        {props.addLabel}
      </button>
    </fieldset>
  );
}

function ConstraintRows(props: { rows: SwarmFormValues['constraints']; errors: Record<string, string>; warnings: Record<string, string> }) {
  const { errors, warnings } = props;
  return (
    <RowsFieldset
      legend="Placement constraints"
      tableId="cl-swarm-constraints"
      headings={['Field', 'Operator', 'Value']}
      rows={props.rows}
      cells={(row, i) => (
        <>
          <TextCell name={`constraints.${i}.field`} label={`Constraint ${i + 1} field`} value={row.field} errors={errors} list="cl-swarm-constraint-fields" />
          <td class={errors[`constraints.${i}.operator`] ? 'cl-invalid' : undefined}>
            <select {...control(`constraints.${i}.operator`, errors)} aria-label={`Constraint ${i + 1} operator`}>
              {(['==', '!='].includes(row.operator) || row.operator === '' ? ['==', '!='] : ['==', '!=', row.operator]).map((op) => (
                <option value={op} selected={op === row.operator}>
                  {op}
                </option>
              ))}
            </select>
            <CellMessage name={`constraints.${i}.operator`} errors={errors} />
          </td>
          <TextCell name={`constraints.${i}.value`} label={`Constraint ${i + 1} value`} value={row.value} errors={errors} warnings={warnings} list="cl-swarm-constraint-values" />
        </>
      )}
      addedCells={
        <>
          <td>
            <input type="text" x-bind:name="`constraints.${i}.field`" aria-label="New constraint field" list="cl-swarm-constraint-fields" autocomplete="off" />
          </td>
          <td>
            <select x-bind:name="`constraints.${i}.operator`" aria-label="New constraint operator">
              <option value="==">==</option>
              <option value="!=">!=</option>
            </select>
          </td>
          <td>
            <input type="text" x-bind:name="`constraints.${i}.value`" aria-label="New constraint value" list="cl-swarm-constraint-values" autocomplete="off" />
          </td>
        </>
      }
      addLabel="Add constraint"
    />
  );
}

function PreferenceRows(props: { rows: SwarmFormValues['preferences']; errors: Record<string, string> }) {
  return (
    <RowsFieldset
      legend="Spread preferences"
      tableId="cl-swarm-preferences"
      rows={props.rows}
      cells={(row, i) => <TextCell name={`preferences.${i}.spread`} label={`Spread ${i + 1}`} value={row.spread} errors={props.errors} placeholder="node.labels.zone" />}
      addedCells={
        <td>
          <input type="text" x-bind:name="`preferences.${i}.spread`" aria-label="New spread" placeholder="node.labels.zone" autocomplete="off" />
        </td>
      }
      addLabel="Add spread preference"
    />
  );
}

function LabelRows(props: { rows: SwarmFormValues['labels']; errors: Record<string, string> }) {
  return (
    <RowsFieldset
      legend="Service labels"
      tableId="cl-swarm-labels"
      headings={['Key', 'Value']}
      rows={props.rows}
      cells={(row, i) => (
        <>
          <TextCell name={`labels.${i}.key`} label={`Label ${i + 1} key`} value={row.key} errors={props.errors} />
          <TextCell name={`labels.${i}.value`} label={`Label ${i + 1} value`} value={row.value} errors={props.errors} />
        </>
      )}
      addedCells={
        <>
          <td>
            <input type="text" x-bind:name="`labels.${i}.key`" aria-label="New label key" autocomplete="off" />
          </td>
          <td>
            <input type="text" x-bind:name="`labels.${i}.value`" aria-label="New label value" autocomplete="off" />
          </td>
        </>
      }
      addLabel="Add label"
    />
  );
}

function Notice(props: { notice: SwarmFormNotice }) {
  const { notice } = props;
  return (
    <div class={`cl-notice cl-notice-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
      <p>{notice.text}</p>
      {notice.details?.length ? (
        <ul>
          {notice.details.map((d) => (
            <li>{d}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function SwarmDeployForm(props: SwarmDeployFormProps) {
  const { values, errors, warnings, urls } = props;
  const readOnly = props.readOnlyReason !== null;
  const fieldErrorCount = Object.keys(errors).length;
  return (
    <section class="clusters cl-deploy" id={SWARM_FORM_ID}>
      <link rel="stylesheet" href={props.cssUrl} />
      <form hx-post={urls.save} hx-target={`#${SWARM_FORM_ID}`} hx-swap="outerHTML" x-data={`{ tab: '${props.tab}' }`} novalidate>
        <div class="cl-section-head">
          <h2>Swarm deployment</h2>
          <span class="cl-muted cl-small">
            {'name' in props.cluster ? (
              <>
                deploys to cluster <a href={props.cluster.href}>{props.cluster.name}</a> as stack of {props.applicationName}
              </>
            ) : (
              props.cluster.problem
            )}
          </span>
        </div>
        {props.notice ? <Notice notice={props.notice} /> : null}
        {fieldErrorCount > 0 ? (
          <p class="cl-notice cl-notice-error" role="alert">
            {fieldErrorCount === 1 ? 'One field needs' : `${fieldErrorCount} fields need`} attention: see the messages beside them. Nothing was changed.
          </p>
        ) : null}
        {readOnly ? <p class="cl-notice cl-notice-warning">{props.readOnlyReason}</p> : null}

        {/* `hidden`, not x-show: htmx settles `style` from the new content after a swap, undoing x-show. */}
        <div class="cl-tabs" role="tablist">
          <button type="button" role="tab" id="cl-swarm-tab-form" x-on:click="tab = 'form'" aria-selected={String(props.tab === 'form')} x-bind:aria-selected="tab === 'form'" aria-controls="cl-swarm-panel-form">
            Form
          </button>
          <button type="button" role="tab" id="cl-swarm-tab-yaml" x-on:click="tab = 'yaml'" aria-selected={String(props.tab === 'yaml')} x-bind:aria-selected="tab === 'yaml'" aria-controls="cl-swarm-panel-yaml">
            YAML
          </button>
        </div>

        <fieldset class="cl-plain" disabled={readOnly}>
          <div role="tabpanel" id="cl-swarm-panel-form" aria-labelledby="cl-swarm-tab-form" hidden={props.tab !== 'form'} x-bind:hidden="tab !== 'form'">
            <fieldset>
              <legend>Replicas</legend>
              <div class="cl-grid">
                <Select label="Mode" name="mode" value={values.mode} options={['replicated', 'global']} errors={errors} />
                <TextInput label="Replicas" name="replicas" value={values.replicas} errors={errors} inputmode="numeric" hint="0 to 1000; global services run one task per node" />
                <div class="cl-field cl-check">
                  <label for={fieldId('workerOnly')}>
                    <input type="checkbox" id={fieldId('workerOnly')} name="workerOnly" value="on" checked={values.workerOnly} /> Worker nodes only
                  </label>
                  <small class="cl-muted">adds node.role == worker (once)</small>
                </div>
              </div>
            </fieldset>

            <ConstraintRows rows={values.constraints} errors={errors} warnings={warnings} />
            <datalist id="cl-swarm-constraint-fields">
              {[...CONSTRAINT_FIELDS, ...props.suggestions.fields].map((f) => (
                <option value={f}></option>
              ))}
            </datalist>
            <datalist id="cl-swarm-constraint-values">
              {props.suggestions.values.map((v) => (
                <option value={v}></option>
              ))}
            </datalist>
            <PreferenceRows rows={values.preferences} errors={errors} />

            <fieldset>
              <legend>Resources</legend>
              <div class="cl-grid">
                <TextInput label="CPU limit" name="resources.limits.cpus" value={values.resources.limits.cpus} errors={errors} placeholder="0.5" inputmode="decimal" />
                <TextInput label="Memory limit" name="resources.limits.memory" value={values.resources.limits.memory} errors={errors} placeholder="512M" />
                <TextInput label="CPU reservation" name="resources.reservations.cpus" value={values.resources.reservations.cpus} errors={errors} placeholder="0.25" inputmode="decimal" hint="at most the limit" />
                <TextInput label="Memory reservation" name="resources.reservations.memory" value={values.resources.reservations.memory} errors={errors} placeholder="256M" hint="at most the limit" />
              </div>
            </fieldset>

            <fieldset>
              <legend>Update config</legend>
              <UpdateFields prefix="updateConfig" values={values.updateConfig} errors={errors} actions={UPDATE_FAILURE_ACTIONS} />
            </fieldset>

            <fieldset>
              <legend>Rollback config</legend>
              <UpdateFields prefix="rollbackConfig" values={values.rollbackConfig} errors={errors} actions={ROLLBACK_FAILURE_ACTIONS} />
            </fieldset>

            <fieldset>
              <legend>Restart policy</legend>
              <div class="cl-grid">
                <Select label="Condition" name="restartPolicy.condition" value={values.restartPolicy.condition} options={RESTART_CONDITIONS} errors={errors} />
                <TextInput label="Delay" name="restartPolicy.delay" value={values.restartPolicy.delay} errors={errors} placeholder="5s" />
                <TextInput label="Max attempts" name="restartPolicy.maxAttempts" value={values.restartPolicy.maxAttempts} errors={errors} inputmode="numeric" hint="0 = unlimited" />
                <TextInput label="Window" name="restartPolicy.window" value={values.restartPolicy.window} errors={errors} placeholder="0s" />
              </div>
            </fieldset>

            <fieldset>
              <legend>Health check</legend>
              <div class="cl-grid">
                <TextInput wide label="Command" name="healthCheck.command" value={values.healthCheck.command} errors={errors} placeholder="curl -f http://localhost/ || exit 1" hint="run with /bin/sh -c; empty keeps the image's" />
                <TextInput label="Interval" name="healthCheck.interval" value={values.healthCheck.interval} errors={errors} placeholder="30s" />
                <TextInput label="Timeout" name="healthCheck.timeout" value={values.healthCheck.timeout} errors={errors} placeholder="30s" />
                <TextInput label="Retries" name="healthCheck.retries" value={values.healthCheck.retries} errors={errors} inputmode="numeric" />
                <TextInput label="Start period" name="healthCheck.startPeriod" value={values.healthCheck.startPeriod} errors={errors} placeholder="0s" />
              </div>
            </fieldset>

            <LabelRows rows={values.labels} errors={errors} />
          </div>

          <div role="tabpanel" id="cl-swarm-panel-yaml" aria-labelledby="cl-swarm-tab-yaml" hidden={props.tab !== 'yaml'} x-bind:hidden="tab !== 'yaml'">
            <p class="cl-muted">
              What the form produces for the compose file: the mapping under the service's <code>deploy:</code> key (not wrapped in another
              <code>deploy:</code>) and its <code>healthcheck:</code>. Paste YAML here and load it to fill the form.
            </p>
            <div class="cl-field">
              <label for="cl-swarm-yaml-deploy">deploy:</label>
              <textarea id="cl-swarm-yaml-deploy" name="yaml.deploy" rows={14} spellcheck={false}>
                {props.yaml.deploy}
              </textarea>
            </div>
            <div class="cl-field">
              <label for="cl-swarm-yaml-healthcheck">healthcheck:</label>
              <textarea id="cl-swarm-yaml-healthcheck" name="yaml.healthcheck" rows={6} spellcheck={false}>
                {props.yaml.healthcheck}
              </textarea>
            </div>
            <button type="button" class="cl-button" hx-post={urls.yaml} hx-target={`#${SWARM_FORM_ID}`} hx-swap="outerHTML">
              Load YAML into the form
            </button>
          </div>
        </fieldset>

        <div class="cl-deploy-actions">
          {readOnly ? null : (
            <button type="submit" class="cl-button">
              Save
            </button>
          )}
          <button type="button" class="cl-button cl-button-quiet" hx-post={urls.preflight} hx-target={`#${PREFLIGHT_REGION_ID}`} hx-swap="innerHTML">
            Check placement
          </button>
          {readOnly ? null : (
            <button type="button" class="cl-button cl-button-primary" hx-post={urls.deploy} hx-target={`#${RESULT_REGION_ID}`} hx-swap="innerHTML">
              Save and deploy
            </button>
          )}
        </div>
        <div id={PREFLIGHT_REGION_ID} aria-live="polite">
          {props.preflight ? <PlacementPreflightPanel preflight={props.preflight} /> : null}
        </div>
        <div id={RESULT_REGION_ID} aria-live="polite">
          {props.result ? <DeployResultPanel result={props.result} /> : null}
        </div>
      </form>
    </section>
  );
}
