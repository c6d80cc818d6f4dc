/**
 * A manager whose SSH host key changed (a reinstall), on the lab: the panel refuses it, the server page shows
 * the pinned and the presented fingerprint as `ssh-keygen -l` prints them, and once an owner trusts the new
 * key the panel connects to the swarm again. The panel restarts in between, as after a server's reinstall, so
 * the refusal comes from a fresh connection.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestHost, OWNER_EMAIL, OWNER_PASSWORD, type TestHost } from '../host/testing.ts';
import { labFault, labOptions } from '../lab/lab.ts';
import { createClustersPlugin } from '../src/index.ts';
import { registerLab } from './support/lab-host.ts';
import { lab, manager } from './support/test-lab.ts';

const run = promisify(execFile);

/** `SHA256:...` of a public key file, from OpenSSH itself. */
async function fingerprintOf(publicKeyFile: string): Promise<string> {
  const { stdout } = await run('ssh-keygen', ['-l', '-f', publicKeyFile]);
  return stdout.split(' ')[1]!;
}

describe('trusting a changed SSH host key', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'host-key-trust-'));
  let host: TestHost | undefined;
  const start = async () => {
    host = await createTestHost({ dataDir, plugin: createClustersPlugin });
    return host;
  };

  afterAll(async () => {
    await host?.close();
    rmSync(dataDir, { recursive: true, force: true });
    // Whatever happened, the manager's sshd runs again (with whichever key it has).
    await labFault(labOptions(lab), manager().name, 'sshd-start');
  });

  it('refuses the new key, shows both fingerprints, and connects again once an owner trusts it', async () => {
    const node = manager();
    const keyFile = join(lab.dir, `n${node.index}`, 'ssh_host_ed25519_key');
    const before = await fingerprintOf(`${keyFile}.pub`);

    let panel = await start();
    const { uuid, serverIds } = await registerLab({ api: (method, path, body) => panel.api(method, path, { body }) }, lab);
    const serverId = serverIds[node.name]!;
    const owner = await panel.login(OWNER_EMAIL, OWNER_PASSWORD);
    expect(await (await owner.request(`/servers/${serverId}`)).text()).toContain(`<code data-field="pinned">${before}</code>`);
    await panel.close();

    // The server gets a new host key, as a reinstall would give it.
    await labFault(labOptions(lab), node.name, 'sshd-stop');
    rmSync(keyFile);
    rmSync(`${keyFile}.pub`);
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'reinstalled', '-f', keyFile]);
    await labFault(labOptions(lab), node.name, 'sshd-start');
    const after = await fingerprintOf(`${keyFile}.pub`);
    expect(after).not.toBe(before);

    panel = await start();
    const refused = await panel.api('POST', `/api/v1/clusters/${uuid}/sync`);
    expect(JSON.stringify(refused.body)).toMatch(/host key of server \S+ changed/);
    const browser = await panel.login(OWNER_EMAIL, OWNER_PASSWORD);
    const page = await (await browser.request(`/servers/${serverId}`)).text();
    expect(page).toContain(`<code data-field="pinned">${before}</code>`);
    expect(page).toContain(`<code data-field="refused">${after}</code>`);

    const trusted = await browser.request(`/clusters/servers/${serverId}/host-key/trust`, { form: { fingerprint: after }, htmx: true });
    expect(trusted.status).toBe(200);
    expect(await trusted.text()).toContain(`<code data-field="pinned">${after}</code>`);

    // At once, without waiting out the reconnect backoff of the refused connection.
    const synced = await panel.api('POST', `/api/v1/clusters/${uuid}/sync`);
    expect(synced.status).toBe(200);
    expect(synced.body.data.status).toBe('healthy');
    const nodes = await panel.api('GET', `/api/v1/clusters/${uuid}/nodes`);
    expect(nodes.body.meta.stale).toBe(false);
    expect(nodes.body.data).toHaveLength(lab.nodes.filter((n) => n.role !== 'none').length);
  });
});
