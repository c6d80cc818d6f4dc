import { describe, expect, it } from 'vitest';
import { HOSTILE, HOSTILE_ESCAPED, render } from '../test/support/rendered-view.ts';
import { PageHead } from './page-head.tsx';

describe('PageHead', () => {
  it('links each stylesheet, then each script deferred, in the order given', async () => {
    const html = await render(<PageHead assets={{ styles: ['/a.css', '/b.css'], scripts: ['/a.js'] }} />);
    expect(html).toBe('<link rel="stylesheet" href="/a.css"/><link rel="stylesheet" href="/b.css"/><script src="/a.js" defer=""></script>');
  });

  it('escapes the URLs', async () => {
    const html = await render(<PageHead assets={{ styles: [HOSTILE], scripts: [HOSTILE] }} />);
    expect(html).toContain(`href="${HOSTILE_ESCAPED}"`);
    expect(html).toContain(`src="${HOSTILE_ESCAPED}"`);
    expect(html).not.toContain('<img');
  });
});
