import { describe, expect, it } from 'vitest';
import { expectInert, HOSTILE, render } from '../test/support/rendered-view.ts';
import { CloseButton, OpMenu, OpNotice, OpPanel, opPanelId, plural } from './operation-panel.tsx';

describe('operation panel pieces', () => {
  it('names a row’s panel by kind and id, and counts words', () => {
    expect(opPanelId('service', 'abc')).toBe('cl-service-panel-abc');
    expect([plural(1, 'task'), plural(0, 'task'), plural(2, 'task')]).toEqual(['task', 'tasks', 'tasks']);
  });

  it('gives each tone its class, alerting only on errors', async () => {
    expect(await render(<OpNotice tone="warning">w</OpNotice>)).toBe('<p class="cl-notice cl-notice-warn" role="status">w</p>');
    expect(await render(<OpNotice tone="error">e</OpNotice>)).toBe('<p class="cl-notice cl-notice-error" role="alert">e</p>');
  });

  it('keeps its buttons inert until opened (the pages’ script), and names the subject as text', async () => {
    const html = await render(
      <OpMenu subject={HOSTILE}>
        <button type="button">Go</button>
      </OpMenu>,
    );
    expect(html).toMatch(
      /^<details class="cl-op-menu"><summary>Actions<\/summary><template><div class="cl-op-buttons" role="group"[^>]*><button type="button">Go<\/button><\/div><\/template><\/details>$/,
    );
    expect(html).not.toContain('x-data');
    expectInert(html, 1);
  });

  it('empties the panel client side, and keeps the panel across live re-renders', async () => {
    expect(await render(<CloseButton label="Cancel" />)).toContain(`x-on:click="$el.closest(&#39;.cl-op-panel&#39;).replaceChildren()">Cancel</button>`);
    expect(await render(<OpPanel id="p1" />)).toBe('<div class="cl-op-panel" id="p1" hx-preserve="true" aria-live="polite"></div>');
  });
});
