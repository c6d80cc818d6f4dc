import { describe, expect, it } from 'vitest';
import { expectInert, HOSTILE, render, tagWith } from '../test/support/rendered-view.ts';
import { ServiceLogs, type ServiceLogsProps } from './service-logs.tsx';

const props = (patch: Partial<ServiceLogsProps> = {}): ServiceLogsProps => ({
  service: { id: 's1', name: 'web' },
  url: '/clusters/c1/services/s1',
  lines: [],
  truncated: false,
  tail: 100,
  tails: [100, 1000],
  scriptUrl: '/logs.js',
  ...patch,
});

describe('ServiceLogs', () => {
  it('tells stdout from stderr and names each line’s task', async () => {
    const html = await render(
      <ServiceLogs
        {...props({
          lines: [
            { stream: 'stdout', text: 'listening', source: 'web.1@n1' },
            { stream: 'stderr', text: 'oops' },
          ],
        })}
      />,
    );
    expect(html).toContain('<span class="cl-log-line cl-log-stdout"><span class="cl-log-source">web.1@n1 | </span>listening\n</span>');
    expect(html).toContain('<span class="cl-log-line cl-log-stderr">oops\n</span>');
    expect(html).toContain('data-logs-stream="/clusters/c1/services/s1/logs/stream"');
    expect(html).not.toContain('data-logs-empty');
  });

  it('keeps the chosen tail, and says when the log was cut or is empty', async () => {
    const html = await render(<ServiceLogs {...props({ tail: 'all', truncated: true })} />);
    expect(tagWith(html, '<option value="all"')).toContain('selected');
    expect(tagWith(html, '<option value="100"')).not.toContain('selected');
    expect(html).toContain('only the oldest requested lines fit in one read');
    expect(html).toContain('No log lines yet.');
  });

  it('shows a read error instead of the empty notice', async () => {
    const html = await render(<ServiceLogs {...props({ error: 'no manager answered' })} />);
    expect(html).toContain('role="alert">no manager answered</p>');
    expect(html).not.toContain('No log lines yet.');
  });

  it('renders log text, sources and the service name as text', async () => {
    expectInert(
      await render(<ServiceLogs {...props({ service: { id: 's1', name: HOSTILE }, lines: [{ stream: 'stdout', text: HOSTILE, source: HOSTILE }] })} />),
      3,
    );
  });
});
