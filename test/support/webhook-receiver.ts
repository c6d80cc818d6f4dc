/**
 * A webhook receiver on 127.0.0.1 for the reference host's notification channel: each delivery's JSON body is
 * handed to `onDelivery` as it arrives, so a test can count what the panel announced.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One notification as the reference host's webhook channel posts it. */
export interface Delivered {
  event: string;
  title: string;
  message: string;
  link: string | null;
  data: Record<string, unknown>;
}

export interface WebhookReceiver {
  /** Where the panel's notification channel should post. */
  url: string;
  close(): void;
}

export async function startWebhookReceiver(onDelivery: (delivered: Delivered) => void): Promise<WebhookReceiver> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      onDelivery(JSON.parse(body) as Delivered);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, close: () => server.close() };
}
