import { describe, expect, it } from 'vitest';
import { expectInert, HOSTILE, render } from '../test/support/rendered-view.ts';
import { FetchedAt, StaleNotice, UnreachableState } from './fetch-notice.tsx';

const fetchedAt = '2026-11-30T10:00:00.000Z';

describe('fetch notices', () => {
  it('says nothing while the data is fresh', async () => {
    expect(await render(<StaleNotice meta={{ stale: false, fetchedAt }} since={null} />)).toBe('');
  });

  it('says stale data is shown, from when, why, and what to do', async () => {
    const html = await render(<StaleNotice meta={{ stale: true, fetchedAt, reason: HOSTILE }} since={fetchedAt} />);
    expect(html).toMatch(/<strong>Manager unreachable since \d\d:\d\d<\/strong>/);
    expect(html).toContain(`showing data from <time datetime="${fetchedAt}">`);
    expect(html).toContain('the page keeps retrying');
    expectInert(html, 1);
    expect(await render(<StaleNotice meta={{ stale: true, fetchedAt }} since={null} />)).toContain('<strong>Manager unreachable</strong>: no manager answered');
  });

  it('shows the reason when nothing was ever read', async () => {
    const html = await render(<UnreachableState reason={HOSTILE} since={null} />);
    expect(html).toContain('role="alert"');
    expect(html).toContain('Nothing has been read from this swarm');
    expectInert(html, 1);
  });

  it('shows when a region was read', async () => {
    expect(await render(<FetchedAt meta={{ stale: false, fetchedAt }} />)).toMatch(
      new RegExp(`title="${fetchedAt}">read <time datetime="${fetchedAt}">\\d\\d:\\d\\d:\\d\\d</time>`),
    );
  });
});
