/**
 * `notifications.notify` of the contract: the inbox row is written first (it is the record),
 * then every enabled webhook of the team gets the JSON. A webhook that fails or hangs is
 * logged and never reaches the caller: the plugin's sync job must not fail on a dead endpoint.
 */
import type { HostLogger, HostNotification } from '../src/contract/host.ts';
import type { HostDb } from './db/open.ts';
import { enabledWebhooks, insertNotification } from './store/notifications.ts';

export const WEBHOOK_TIMEOUT_MS = 5_000;

export interface Notifier {
  notify(opts: { teamId: string; notification: HostNotification }): Promise<void>;
}

export function createNotifier(deps: { db: HostDb; logger: HostLogger; fetch?: typeof fetch; timeoutMs?: number }): Notifier {
  const send = deps.fetch ?? fetch;
  const timeoutMs = deps.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return {
    async notify({ teamId, notification }) {
      const row = insertNotification(deps.db, { teamId, notification });
      const payload = JSON.stringify({
        id: row.id,
        teamId,
        event: row.event,
        level: row.level,
        title: row.title,
        message: row.message,
        link: row.link,
        data: row.data ?? {},
        createdAt: row.createdAt.toISOString(),
      });
      // Awaited (bounded by the timeout) so callers and tests know delivery was attempted.
      await Promise.all(
        enabledWebhooks(deps.db, teamId).map(async (channel) => {
          try {
            const response = await send(channel.url, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'user-agent': 'reference-host' },
              body: payload,
              signal: AbortSignal.timeout(timeoutMs),
              redirect: 'manual',
            });
            await response.body?.cancel();
            if (!response.ok) throw new Error(`HTTP ${response.status}`);
          } catch (err) {
            // The URL may carry a secret in its path or query: log the channel id and origin only.
            deps.logger.warn('webhook delivery failed', {
              channelId: channel.id,
              origin: new URL(channel.url).origin,
              event: row.event,
              error: err instanceof Error ? err.message : String(err),
            });
          }
        }),
      );
    },
  };
}
