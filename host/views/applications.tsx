import { raw } from 'hono/html';
import type { HostApplication, HostServer } from '../../src/contract/host.ts';
import { AddFormCard, Field } from './components.tsx';

export interface ApplicationFormProps {
  csrfToken: string;
  servers: HostServer[];
  values?: { name?: string; serverId?: string };
  errors?: Record<string, string>;
}

export function ApplicationForm(props: ApplicationFormProps) {
  const v = props.values ?? {};
  const e = props.errors ?? {};
  return (
    <AddFormCard id="application-form" action="/applications" title="Add an application" submit="Add application" csrfToken={props.csrfToken}>
      <Field label="Name" name="name" error={e.name}>
        <input id="name" name="name" required value={v.name ?? ''} />
      </Field>
      <Field label="Server" name="serverId" error={e.serverId}>
        <select id="serverId" name="serverId" required>
          {props.servers.map((s) => (
            <option value={s.id} selected={s.id === v.serverId}>
              {s.name}
            </option>
          ))}
        </select>
      </Field>
    </AddFormCard>
  );
}

export function ApplicationsPage(props: { applications: HostApplication[]; servers: HostServer[]; form: ApplicationFormProps | null }) {
  const serverName = new Map(props.servers.map((s) => [s.id, s.name]));
  return (
    <>
      <h1>Applications</h1>
      {props.applications.length === 0 ? (
        <p class="muted">No applications yet.</p>
      ) : (
        <table class="card">
          <thead>
            <tr>
              <th>Name</th>
              <th>Server</th>
              <th>UUID</th>
            </tr>
          </thead>
          <tbody>
            {props.applications.map((a) => (
              <tr>
                <td>
                  <a href={`/applications/${a.uuid}`}>{a.name}</a>
                </td>
                <td>{(a.serverId && serverName.get(a.serverId)) ?? '—'}</td>
                <td>
                  <code>{a.uuid}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.form === null ? (
        <p class="muted">Viewers cannot add applications.</p>
      ) : props.form.servers.length === 0 ? (
        <p class="muted">
          Add a <a href="/servers">server</a> first.
        </p>
      ) : (
        <ApplicationForm {...props.form} />
      )}
    </>
  );
}

/** One application: details, the plugin's swarm task widget and deploy form (raw: the plugin escapes them). */
export function ApplicationPage(props: {
  application: HostApplication;
  server: HostServer | null;
  widgetHtml: string;
  /** The plugin's deploy form; null shows the placeholder. */
  deployFormHtml?: string | null;
}) {
  const { application, server } = props;
  return (
    <>
      <h1>{application.name}</h1>
      <section class="card">
        <table>
          <tbody>
            <tr>
              <th>UUID</th>
              <td>
                <code>{application.uuid}</code>
              </td>
            </tr>
            <tr>
              <th>Server</th>
              <td>{server ? `${server.name} (${server.ip})` : '—'}</td>
            </tr>
            <tr>
              <th>Image</th>
              <td>
                <code>{application.image ?? '—'}</code>
                {application.command ? (
                  <>
                    {' '}
                    <code>{application.command}</code>
                  </>
                ) : null}
              </td>
            </tr>
          </tbody>
        </table>
      </section>
      {/* The widget brings its own heading. */}
      <section class="card" id="swarm-tasks">
        {raw(props.widgetHtml)}
      </section>
      <section class="card" id="swarm-deploy" data-application-uuid={application.uuid}>
        {props.deployFormHtml ? (
          raw(props.deployFormHtml)
        ) : (
          <>
            <h2>Swarm deployment</h2>
            <p class="muted">The swarm deploy settings form of this application goes here.</p>
            {application.swarmSettings ? <pre>{JSON.stringify(application.swarmSettings, null, 2)}</pre> : null}
          </>
        )}
      </section>
    </>
  );
}
