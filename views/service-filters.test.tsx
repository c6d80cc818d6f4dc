import { describe, expect, it } from 'vitest';
import { expectInert, HOSTILE, render } from '../test/support/rendered-view.ts';
import { ServiceFilters } from './service-filters.tsx';

const MODES = ['replicated', 'global'];
const PAGING = { limit: 25, pageSizes: [25, 50, 100] };

describe('ServiceFilters', () => {
  it('asks for the list region on each change, a plain GET form without htmx', async () => {
    const html = await render(<ServiceFilters url="/clusters/c1/services" filter={{}} stacks={['shop']} modes={MODES} {...PAGING} />);
    expect(html).toContain('method="get" action="/clusters/c1/services" hx-get="/clusters/c1/services"');
    expect(html).toContain('hx-target="#cl-services"');
    expect(html).toContain('hx-sync="#cl-services:replace"');
    expect(html).toContain('<input type="search" name="q" value=""');
    expect(html).toContain('<option value="shop">shop</option>');
  });

  it('shows the current query', async () => {
    const html = await render(
      <ServiceFilters
        url="/clusters/c1/services"
        filter={{ q: 'web', stack: 'shop', mode: 'global', health: 'short' }}
        stacks={['blog', 'shop']}
        modes={MODES}
        limit={50}
        pageSizes={[25, 50, 100]}
      />,
    );
    expect(html).toContain('name="q" value="web"');
    expect(html).toContain('<option value="shop" selected="">shop</option>');
    expect(html).toContain('<option value="global" selected="">global</option>');
    expect(html).toContain('<option value="short" selected="">Short of replicas</option>');
    expect(html).toContain('<option value="blog">blog</option>');
    expect(html).toContain('<option value="50" selected="">50 per page</option>');
    expect(html).toContain('<option value="25">25 per page</option>');
  });

  it('holds the stacks as data for a script, the chosen one as an option, and every one in a copy for a page without script', async () => {
    const html = await render(
      <ServiceFilters url="/clusters/c1/services" filter={{ stack: 'shop' }} stacks={['blog', 'shop', 'wiki']} modes={MODES} {...PAGING} />,
    );
    const [before, after] = html.split('</noscript>') as [string, string];
    // Without script: a select with every stack, before the other in the form (the server reads a field's first value).
    expect(before).toContain('<noscript><label><span class="cl-sr">Stack</span><select name="stack" aria-label="Stack">');
    expect(before).toContain('<option value="blog">blog</option><option value="shop" selected="">shop</option><option value="wiki">wiki</option>');
    // With script: "All stacks" and the chosen one, the rest filled in from the data when the select is first focused.
    expect(after).toContain(
      '<label class="cl-script-only"><span class="cl-sr">Stack</span><select name="stack" aria-label="Stack" class="cl-lazy-options"><option value="">All stacks</option><option value="shop" selected="">shop</option></select>',
    );
    expect(after).toContain('<script type="application/json" data-options="stack">[["blog","blog"],["shop","shop"],["wiki","wiki"]]</script>');
    expect(after).not.toContain('<option value="blog">');
  });

  it('keeps a stack name from closing its data block', async () => {
    const html = await render(<ServiceFilters url="/clusters/c1/services" filter={{}} stacks={['</script><b>x']} modes={MODES} {...PAGING} />);
    const data = /data-options="stack">(.*?)<\/script>/.exec(html)![1]!;
    expect(data).not.toContain('<');
    expect(JSON.parse(data)).toEqual([['</script><b>x', '</script><b>x']]);
  });

  it('renders a searched text and stack names as text', async () => {
    // The search box's value, the stack's value and text.
    expectInert(await render(<ServiceFilters url="/clusters/c1/services" filter={{ q: HOSTILE }} stacks={[HOSTILE]} modes={MODES} {...PAGING} />), 3);
  });
});
