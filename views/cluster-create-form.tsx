/** Create a cluster by hand from one of the team's servers; field errors beside their fields. */

export interface ServerOption {
  id: string;
  name: string;
  ip: string;
  swarmManager: boolean;
}

export interface CreateFormProps {
  action: string;
  servers: ServerOption[];
  values?: { name?: string; description?: string; managerServerId?: string };
  errors?: Partial<Record<'name' | 'description' | 'managerServerId', string>>;
  /** A failure not about one field (the server is not a manager, the swarm is already registered...). */
  formError?: string;
}

export function FieldError(props: { id: string; message?: string }) {
  return props.message ? (
    <span class="cl-field-error" id={props.id}>
      {props.message}
    </span>
  ) : null;
}

export function ClusterCreateForm(props: CreateFormProps) {
  const values = props.values ?? {};
  const errors = props.errors ?? {};
  const servers = [...props.servers].sort((a, b) => Number(b.swarmManager) - Number(a.swarmManager) || a.name.localeCompare(b.name));
  const invalid = (field: keyof typeof errors) => (errors[field] ? 'cl-field cl-invalid' : 'cl-field');
  return (
    <form id="cl-create-form" class="cl-form" hx-post={props.action} hx-target="this" hx-swap="outerHTML" novalidate>
      <h2>Add a cluster by hand</h2>
      {props.formError ? (
        <p class="cl-notice cl-notice-error" role="alert">
          {props.formError}
        </p>
      ) : null}
      <div class={invalid('name')}>
        <label for="cl-name">Name</label>
        <input
          id="cl-name"
          name="name"
          value={values.name ?? ''}
          maxlength={100}
          aria-invalid={errors.name ? 'true' : undefined}
          aria-describedby={errors.name ? 'cl-name-error' : undefined}
        />
        <FieldError id="cl-name-error" message={errors.name} />
      </div>
      <div class={invalid('managerServerId')}>
        <label for="cl-manager">Manager server</label>
        <select
          id="cl-manager"
          name="managerServerId"
          aria-invalid={errors.managerServerId ? 'true' : undefined}
          aria-describedby={errors.managerServerId ? 'cl-manager-error' : undefined}
        >
          <option value="">Choose a server…</option>
          {servers.map((s) => (
            <option value={s.id} selected={s.id === values.managerServerId}>
              {s.name} ({s.ip}){s.swarmManager ? ' — swarm manager' : ''}
            </option>
          ))}
        </select>
        <FieldError id="cl-manager-error" message={errors.managerServerId} />
        {servers.length === 0 ? <span class="cl-muted">This team has no servers yet: add one under Servers first.</span> : null}
      </div>
      <div class={invalid('description')}>
        <label for="cl-description">
          Description <span class="cl-muted">(optional)</span>
        </label>
        <input
          id="cl-description"
          name="description"
          value={values.description ?? ''}
          maxlength={1000}
          aria-invalid={errors.description ? 'true' : undefined}
        />
        <FieldError id="cl-description-error" message={errors.description} />
      </div>
      <div class="cl-form-actions">
        <button type="submit" class="cl-button">
          Create cluster
        </button>
      </div>
    </form>
  );
}
