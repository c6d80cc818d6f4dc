/** Views rendered to the HTML string a route would send, and the hostile string Docker data is tested with. */
import { expect } from 'vitest';

/** Closes an attribute and opens an element: rendered anywhere unescaped, it would run script. */
export const HOSTILE = '"><img src=x onerror=alert(1)>';
export const HOSTILE_ESCAPED = '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;';

/** A component's output (a JSX element, an escaped string, or a promise of one) as HTML. */
export async function render(node: unknown): Promise<string> {
  if (node === null || node === undefined) return '';
  return String(await (node as { toString(): string | Promise<string> }).toString());
}

/** The hostile string shows as text `times` times (at least once), and never becomes markup. */
export function expectInert(html: string, times?: number): void {
  expect(html).not.toContain('<img');
  const count = html.split(HOSTILE_ESCAPED).length - 1;
  if (times === undefined) expect(count).toBeGreaterThan(0);
  else expect(count).toBe(times);
}

/** The opening tag of the first element carrying `attribute` (e.g. `id="x"`, `name="replicas"`), or null. */
export function tagWith(html: string, attribute: string): string | null {
  const at = html.indexOf(attribute);
  if (at < 0) return null;
  const start = html.lastIndexOf('<', at);
  return html.slice(start, html.indexOf('>', at) + 1);
}
