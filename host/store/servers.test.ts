import { beforeEach, describe, expect, it } from 'vitest';
import { createCipher, generateHostKey } from '../crypto.ts';
import type { OpenedDatabase } from '../db/open.ts';
import { openTwoTeamDatabase, TEST_PRIVATE_KEY } from '../testing.ts';
import { parseInput } from '../validation.ts';
import { createServer, getServer, listServers, serverInput, serverPrivateKey } from './servers.ts';

describe('servers store', () => {
  const cipher = createCipher(generateHostKey());
  let opened: OpenedDatabase;
  let teamId: string;
  let otherTeamId: string;

  beforeEach(() => {
    ({ opened, teamId, otherTeamId } = openTwoTeamDatabase());
  });

  const input = (over: Record<string, unknown> = {}) =>
    parseInput(serverInput, { name: 'm1', ip: '10.0.0.1', privateKey: TEST_PRIVATE_KEY, swarmManager: true, ...over });

  it('applies the defaults and never returns the key', () => {
    const server = createServer(opened.db, cipher, { ...input(), teamId });
    expect(server).toEqual({
      id: expect.any(String),
      teamId,
      name: 'm1',
      ip: '10.0.0.1',
      port: 22,
      user: 'root',
      transport: 'ssh',
      swarmManager: true,
      swarmWorker: false,
      dockerSocketPath: '/var/run/docker.sock',
    });
    expect(listServers(opened.db, teamId)).toEqual([server]);
  });

  it('registers the machine the panel runs on as a local server: its socket, no key', () => {
    const local = { name: 'this machine', ip: '10.0.0.2', transport: 'local', dockerSocketPath: '/run/docker.sock', swarmManager: true };
    const server = createServer(opened.db, cipher, { ...parseInput(serverInput, local), teamId });
    expect(server).toMatchObject({ transport: 'local', dockerSocketPath: '/run/docker.sock', ip: '10.0.0.2' });
    expect(() => serverPrivateKey(opened.db, cipher, server.id)).toThrow('is local: it has no SSH key');
    expect(() => input({ transport: 'local' })).toThrow('privateKey: a local server is reached through its socket and takes no key');
    expect(() => input({ transport: 'ftp' })).toThrow("transport: must be 'ssh' or 'local'");
    expect(() => parseInput(serverInput, { name: 'm1', ip: '10.0.0.1' })).toThrow('privateKey: is required');
  });

  it('encrypts the private key at rest and decrypts it on request', () => {
    const { id } = createServer(opened.db, cipher, { ...input(), teamId });
    const raw = JSON.stringify(opened.sqlite.prepare('SELECT * FROM servers').all());
    expect(raw).not.toContain('PRIVATE KEY');
    expect(raw).not.toContain('b3BlbnNzaC1rZXktdjE');
    expect(serverPrivateKey(opened.db, cipher, id)).toBe(`${TEST_PRIVATE_KEY}\n`);
    expect(() => serverPrivateKey(opened.db, cipher, 'missing')).toThrow('server not found');
  });

  it('scopes reads to the team', () => {
    const { id } = createServer(opened.db, cipher, { ...input(), teamId });
    expect(getServer(opened.db, { teamId, serverId: id })?.id).toBe(id);
    expect(getServer(opened.db, { teamId: otherTeamId, serverId: id })).toBeNull();
    expect(listServers(opened.db, otherTeamId)).toEqual([]);
  });

  it('validates every field with a clear message', () => {
    expect(() => input({ ip: 'not an ip!' })).toThrow('ip: must be an IP address or host name');
    expect(() => input({ port: 70000 })).toThrow(/^port: /);
    expect(() => input({ privateKey: 'ssh-rsa AAAA' })).toThrow('privateKey: must be a PEM or OpenSSH private key');
    expect(() => input({ dockerSocketPath: 'relative.sock' })).toThrow('dockerSocketPath: must be an absolute path');
    expect(() => input({ dockerSocketPath: '/var/../etc/shadow' })).toThrow('dockerSocketPath: must not contain ..');
    expect(() => input({ user: 'root; rm -rf /' })).toThrow('user: must be a valid user name');
    expect(() => input({ swarmManager: 'yes' })).toThrow('swarmManager: must be true or false');
    expect(input({ ip: 'node-1.lab.internal' }).ip).toBe('node-1.lab.internal');
    expect(input({ ip: 'fd00::1' }).ip).toBe('fd00::1');
  });
});
