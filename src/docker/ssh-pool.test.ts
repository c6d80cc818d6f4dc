import { describe, expect, it } from 'vitest';
import { MemoryHostKeyStore } from './host-keys.ts';
import { SshConnectionPool } from './ssh-pool.ts';

const server = { id: 's1', ip: '10.0.0.1', port: 22, user: 'root', dockerSocketPath: '/var/run/docker.sock' };
const pool = () => new SshConnectionPool({ privateKey: async () => 'unused', hostKeys: new MemoryHostKeyStore() });

describe('SshConnectionPool', () => {
  it('hands out one transport per server id', () => {
    const connections = pool();
    const first = connections.get(server);
    expect(connections.get({ ...server })).toBe(first);
    expect(first.id).toBe('s1');
    expect(connections.get({ ...server, id: 's2' })).not.toBe(first);
    expect(connections.size).toBe(2);
  });

  it("reports each transport's counters with its server, none connected before a request", () => {
    const connections = pool();
    connections.get(server);
    connections.get({ ...server, id: 's2' });
    expect(connections.stats()).toEqual([
      expect.objectContaining({ serverId: 's1', connectsTotal: 0, connected: false, channelsOpen: 0 }),
      expect.objectContaining({ serverId: 's2', connectsTotal: 0, connected: false, channelsOpen: 0 }),
    ]);
  });

  it('replaces a transport whose server moved', async () => {
    const connections = pool();
    const first = connections.get(server);
    const moved = connections.get({ ...server, ip: '10.0.0.2' });
    expect(moved).not.toBe(first);
    await expect(first.openStream()).rejects.toMatchObject({ code: 'unreachable', message: expect.stringContaining('closed') });
  });

  it('closes everything on closeAll', async () => {
    const connections = pool();
    const transport = connections.get(server);
    await connections.closeAll();
    expect(connections.size).toBe(0);
    await expect(transport.openStream()).rejects.toMatchObject({ code: 'unreachable' });
  });
});
