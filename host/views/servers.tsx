import { raw } from 'hono/html';
import type { HostServer } from '../../src/contract/host.ts';
import { AddFormCard, Field } from './components.tsx';

/** What the form echoes back after a failed submit; never the private key. */
export interface ServerFormValues {
  name?: string;
  ip?: string;
  port?: string;
  user?: string;
  swarmManager?: boolean;
  swarmWorker?: boolean;
  dockerSocketPath?: string;
}

export interface ServerFormProps {
  csrfToken: string;
  values?: ServerFormValues;
  errors?: Record<string, string>;
}

export function ServerForm(props: ServerFormProps) {
  const v = props.values ?? {};
  const e = props.errors ?? {};
  return (
    <AddFormCard id="server-form" action="/servers" title="Add a server" submit="Add server" csrfToken={props.csrfToken}>
      <Field label="Name" name="name" error={e.name}>
        <input id="name" name="name" required value={v.name ?? ''} />
      </Field>
      <Field label="IP address or host name" name="ip" error={e.ip}>
        <input id="ip" name="ip" required value={v.ip ?? ''} />
      </Field>
      <Field label="SSH port" name="port" error={e.port}>
        <input id="port" name="port" type="number" min="1" max="65535" value={v.port ?? '22'} />
      </Field>
      <Field label="SSH user" name="user" error={e.user}>
        <input id="user" name="user" value={v.user ?? 'root'} />
      </Field>
      <Field label="SSH private key" name="privateKey" error={e.privateKey} hint="Stored encrypted; never shown again.">
        <textarea id="privateKey" name="privateKey" required autocomplete="off" spellcheck={false}></textarea>
      </Field>
      <div class="checks">
        <label>
          <input type="checkbox" name="swarmManager" checked={v.swarmManager ?? false} /> Swarm manager
        </label>
        <label>
          <input type="checkbox" name="swarmWorker" checked={v.swarmWorker ?? false} /> Swarm worker
        </label>
      </div>
      <Field label="Docker socket path" name="dockerSocketPath" error={e.dockerSocketPath}>
        <input id="dockerSocketPath" name="dockerSocketPath" value={v.dockerSocketPath ?? '/var/run/docker.sock'} />
      </Field>
    </AddFormCard>
  );
}

export function ServersPage(props: { servers: HostServer[]; form: ServerFormProps | null }) {
  return (
    <>
      <h1>Servers</h1>
      {props.servers.length === 0 ? (
        <p class="muted">No servers yet.</p>
      ) : (
        <table class="card">
          <thead>
            <tr>
              <th>Name</th>
              <th>Address</th>
              <th>User</th>
              <th>Swarm</th>
              <th>Docker socket</th>
            </tr>
          </thead>
          <tbody>
            {props.servers.map((s) => (
              <tr>
                <td>
                  <a href={`/servers/${encodeURIComponent(s.id)}`}>{s.name}</a>
                </td>
                <td>
                  <code>{s.transport === 'local' ? s.ip : `${s.ip}:${s.port}`}</code>
                </td>
                <td>{s.transport === 'local' ? 'this machine, no SSH' : s.user}</td>
                <td>{[s.swarmManager && 'manager', s.swarmWorker && 'worker'].filter(Boolean).join(', ') || '—'}</td>
                <td>
                  <code>{s.dockerSocketPath}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.form ? <ServerForm {...props.form} /> : <p class="muted">Only owners and admins add servers.</p>}
    </>
  );
}

/** One server: its connection details, and what plugins show about it (escaped HTML of their own). */
export function ServerPage(props: { server: HostServer; widgetHtml: string }) {
  const s = props.server;
  return (
    <>
      <p>
        <a href="/servers">Servers</a> /
      </p>
      <h1>{s.name}</h1>
      <dl class="card details">
        <dt>Address</dt>
        <dd>
          {s.transport === 'local' ? (
            <>
              <code>{s.ip}</code>, this machine: reached through its Docker socket, no SSH
            </>
          ) : (
            <code>
              {s.user}@{s.ip}:{s.port}
            </code>
          )}
        </dd>
        <dt>Swarm</dt>
        <dd>{[s.swarmManager && 'manager', s.swarmWorker && 'worker'].filter(Boolean).join(', ') || '—'}</dd>
        <dt>Docker socket</dt>
        <dd>
          <code>{s.dockerSocketPath}</code>
        </dd>
      </dl>
      {raw(props.widgetHtml)}
    </>
  );
}
