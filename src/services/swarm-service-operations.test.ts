/**
 * Two scales racing on one service, against an in-memory engine that keeps Docker's version check and holds
 * the first reads until both writers have read: the second write is refused as out of sequence, read again
 * and applied on top of the first, never on the stale read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { memoryEngine } from '../../test/support/memory-engine.ts';
import { hostServer, notCalled } from '../../test/support/service-fakes.ts';
import type { Principal } from '../contract/host.ts';
import type { ClusterRow } from '../db/schema.ts';
import { SwarmClient } from '../docker/index.ts';
import type { ManagerAccess } from './cluster-connections.ts';
import { StreamQuota } from './stream-quota.ts';
import { SwarmServiceOperations } from './swarm-service-operations.ts';

interface StoredService {
  ID: string;
  Version: { Index: number };
  CreatedAt: string;
  UpdatedAt: string;
  Spec: { Name: string; Labels: Record<string, string>; Mode: { Replicated: { Replicas: number } }; TaskTemplate: Record<string, unknown> };
}

function versionedEngine(service: StoredService, opts: { holdReads: number }) {
  const writes: { version: number; replicas: number; outcome: 'applied' | 'out of sequence' }[] = [];
  const held: (() => void)[] = [];
  let reads = 0;
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(body));
  };
  const engine = memoryEngine((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://docker');
      if (url.pathname === '/_ping') {
        res.setHeader('Api-Version', '1.41');
        res.end('OK');
        return;
      }
      if (req.method === 'GET' && url.pathname.endsWith(`/services/${service.ID}`)) {
        const answer = () => json(res, 200, structuredClone(service));
        // The first reads wait until all of them arrived: every writer reads the same version.
        if (++reads <= opts.holdReads) {
          held.push(answer);
          if (held.length === opts.holdReads) for (const release of held.splice(0)) release();
        } else {
          answer();
        }
        return;
      }
      if (req.method === 'POST' && url.pathname.endsWith(`/services/${service.ID}/update`)) {
        const version = Number(url.searchParams.get('version'));
        const spec = JSON.parse(text) as StoredService['Spec'];
        if (version !== service.Version.Index) {
          writes.push({ version, replicas: spec.Mode.Replicated.Replicas, outcome: 'out of sequence' });
          json(res, 500, { message: 'rpc error: code = Unknown desc = update out of sequence' });
          return;
        }
        writes.push({ version, replicas: spec.Mode.Replicated.Replicas, outcome: 'applied' });
        service.Spec = spec;
        service.Version = { Index: service.Version.Index + 1 };
        json(res, 200, { Warnings: null });
        return;
      }
      json(res, 404, { message: `no route ${req.method} ${url.pathname}` });
    });
  });
  return { engine, writes };
}

describe('SwarmServiceOperations.scale under concurrency', () => {
  it('applies the second of two concurrent scales on top of the first after "update out of sequence"', async () => {
    const service: StoredService = {
      ID: 'svc1',
      Version: { Index: 10 },
      CreatedAt: '2024-01-01T00:00:00Z',
      UpdatedAt: '2024-01-01T00:00:00Z',
      Spec: { Name: 'web', Labels: {}, Mode: { Replicated: { Replicas: 2 } }, TaskTemplate: { ContainerSpec: { Image: 'busybox' } } },
    };
    const { engine, writes } = versionedEngine(service, { holdReads: 2 });
    const client = new SwarmClient(engine);
    const connections: ManagerAccess = { withManager: (_cluster, fn) => fn(client, hostServer('m1')), read: (_cluster, fn) => fn(client, hostServer('m1')) };
    const recorded: { action: string; attributes?: Record<string, string> }[] = [];
    const log = { record: (_cluster: unknown, _principal: unknown, op: { action: string; attributes?: Record<string, string> }) => void recorded.push(op) };
    const state = { invalidate: () => {}, nodes: notCalled('state.nodes'), tasks: notCalled('state.tasks') };
    const ops = new SwarmServiceOperations(connections, state, log, new StreamQuota(8));
    const cluster = { id: 1 } as ClusterRow;
    const principal = { email: 'admin@example.test' } as Principal;

    const [three, four] = await Promise.all([ops.scale(cluster, principal, 'svc1', 3), ops.scale(cluster, principal, 'svc1', 4)]);

    // Both read version 10; one write won, the other was refused, re-read version 11 and applied on top.
    expect(writes.filter((w) => w.outcome === 'applied').map((w) => w.version)).toEqual([10, 11]);
    expect(writes.filter((w) => w.outcome === 'out of sequence')).toHaveLength(1);
    const [first, second] = [three, four].sort((a, b) => (a.previous === 2 ? -1 : b.previous === 2 ? 1 : 0));
    expect(first!.previous).toBe(2);
    expect(second!.previous).toBe(first!.replicas);
    expect(service.Spec.Mode.Replicated.Replicas).toBe(second!.replicas);
    expect(service.Version.Index).toBe(12);
    expect(recorded.map((r) => r.attributes?.previous).sort()).toEqual(['2', String(first!.replicas)].sort());
  });
});
