import { describe, expect, it } from 'vitest';
import { render, tagWith } from '../test/support/rendered-view.ts';
import { LIVE_TRIGGER, LiveRegion, SETTLE_TRIGGER } from './live-region.tsx';

/** The trigger as an attribute value (its quotes escaped). */
const liveTrigger = LIVE_TRIGGER.replaceAll("'", '&#39;');

describe('LiveRegion', () => {
  it('re-renders itself on swarm events, keeping its own id and sending the fields it is told to include', async () => {
    const html = await render(
      <LiveRegion id="cl-x" url="/x" class="cl-wide" include="#cl-x input">
        <p>child</p>
      </LiveRegion>,
    );
    const tag = tagWith(html, 'id="cl-x"')!;
    expect(tag).toContain(`hx-trigger="${liveTrigger}"`);
    expect(tag).toContain('class="cl-live cl-wide"');
    expect(tag).toContain('hx-swap="outerHTML"');
    expect(tag).toContain('hx-include="#cl-x input"');
    expect(tag).toContain('hx-indicator="#cl-x .cl-fetched"');
    expect(tag).not.toContain('settle');
    expect(html).toContain('<p>child</p></div>');
  });

  it('asks again for a fresh read a second later while converging', async () => {
    const tag = tagWith(await render(<LiveRegion id="cl-x" url="/x" converging={true} />), 'id="cl-x"')!;
    expect(tag).toContain(`hx-trigger="${liveTrigger}, ${SETTLE_TRIGGER}"`);
    expect(tag).toContain('hx-vals="{&quot;settle&quot;:&quot;1&quot;}"');
    expect(tag).toContain('data-converging="true"');
  });
});
