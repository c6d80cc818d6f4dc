import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OpenedDatabase, openDatabase } from './db/open.ts';
import { createLogger } from './logger.ts';
import { createNotifier } from './notifier.ts';
import { createTeam } from './store/accounts.ts';
import { createChannel, listNotifications } from './store/notifications.ts';

const notification = {
  event: 'cluster.degraded',
  level: 'warning',
  title: 'Cluster degraded',
  message: 'node-2 is down',
  data: { clusterId: 'c1' },
} as const;

describe('createNotifier', () => {
  let opened: OpenedDatabase;
  let teamId: string;
  let logs: Record<string, unknown>[];
  let server: Server | undefined;

  beforeEach(() => {
    opened = openDatabase({ file: ':memory:' });
    teamId = createTeam(opened.db, { name: 'T', createdBy: null }).id;
    logs = [];
  });
  afterEach(async () => {
    opened.sqlite.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  const notifier = (timeoutMs?: number) =>
    createNotifier({
      db: opened.db,
      logger: createLogger({ write: (line) => logs.push(JSON.parse(line)) }),
      timeoutMs,
    });

  async function listen(handler: (req: IncomingMessage, body: string) => number | null): Promise<string> {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const status = handler(req, body);
        if (status !== null) res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/hook`;
  }

  it('stores the notification in the team inbox', async () => {
    await notifier().notify({ teamId, notification });
    expect(listNotifications(opened.db, { teamId })).toEqual([
      expect.objectContaining({ event: 'cluster.degraded', level: 'warning', readAt: null, data: { clusterId: 'c1' } }),
    ]);
  });

  it('POSTs JSON to each enabled webhook of the team', async () => {
    const received: { method?: string; type?: string; body: unknown }[] = [];
    const url = await listen((req, body) => {
      received.push({ method: req.method, type: req.headers['content-type'], body: JSON.parse(body) });
      return 204;
    });
    createChannel(opened.db, { teamId, url });
    const otherTeam = createTeam(opened.db, { name: 'Other', createdBy: null }).id;
    createChannel(opened.db, { teamId: otherTeam, url });

    await notifier().notify({ teamId, notification });

    expect(received).toEqual([
      {
        method: 'POST',
        type: 'application/json',
        body: expect.objectContaining({ teamId, event: 'cluster.degraded', title: 'Cluster degraded', data: { clusterId: 'c1' } }),
      },
    ]);
  });

  it('logs a failing or hanging webhook without throwing', async () => {
    const failing = await listen((req) => (req.url === '/hook' ? 500 : null));
    createChannel(opened.db, { teamId, url: failing });
    createChannel(opened.db, { teamId, url: failing.replace('/hook', '/hang') });

    await expect(notifier(200).notify({ teamId, notification })).resolves.toBeUndefined();

    expect(logs.filter((l) => l.msg === 'webhook delivery failed')).toHaveLength(2);
    expect(listNotifications(opened.db, { teamId })).toHaveLength(1);
  });
});
