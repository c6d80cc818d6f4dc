import { describe, expect, it } from 'vitest';
import { parseElements, patchMarkup, regionAnswer, regionPatches, stampLiveRegions, stampRegion, versionOf } from './live-patch.ts';

const region = (rows: string[], head = '12:00') =>
  `<div id="cl-r" class="cl-live" hx-get="/r" hx-swap="outerHTML"><p class="cl-head">fetched <span>${head}</span></p>` +
  `<table><thead><tr><th>x</th></tr></thead><tbody>${rows.map((r, i) => `<tr data-i="${i}"><td>${r}</td><td><input name="open" value="${i}"></td></tr>`).join('')}</tbody></table></div>`;

describe('parseElements', () => {
  it('finds nested elements, void and self-closing ones, and quoted ">" in attributes', () => {
    const html = '<div x-show="a > b"><br><svg><path d="M0 0"/></svg><script>if (a < b) "</div>";</script><!-- <p> --><p>t</p></div>';
    const [div] = parseElements(html);
    expect(div!.tag).toBe('div');
    expect(div!.children.map((c) => c.tag)).toEqual(['br', 'svg', 'script', 'p']);
    expect(div!.children[1]!.children.map((c) => c.tag)).toEqual(['path']);
    expect(html.slice(div!.start, div!.end)).toBe(html);
  });
});

describe('regionPatches', () => {
  it('replaces only the changed row, addressed by tag and position from the region', () => {
    const patches = regionPatches(region(['a', 'b', 'c']), region(['a', 'B', 'c']));
    expect(patches).toEqual([{ selector: '#cl-r > table:nth-child(2) > tbody:nth-child(2) > tr:nth-child(2) > td:nth-child(1)', html: '<td>B</td>' }]);
  });

  it('replaces the smallest element holding a changed text', () => {
    expect(regionPatches(region(['a'], '12:00'), region(['a'], '12:01'))).toEqual([
      { selector: '#cl-r > p:nth-child(1) > span:nth-child(1)', html: '<span>12:01</span>' },
    ]);
  });

  it('replaces the parent when the children differ in number', () => {
    const long = 'x'.repeat(2_000);
    const patches = regionPatches(region(['a', 'b'], long), region(['a', 'b', 'c'], long));
    expect(patches).toHaveLength(1);
    expect(patches![0]!.selector).toBe('#cl-r > table:nth-child(2) > tbody:nth-child(2)');
  });

  it('replaces an SVG whole, never an element inside it', () => {
    const svg = (n: number) =>
      `<div id="cl-r" class="cl-live"><p>${'x'.repeat(500)}</p><svg><g><title>${n} tasks</title><circle r="${n}"></circle></g></svg></div>`;
    expect(regionPatches(svg(1), svg(2))?.map((p) => p.selector)).toEqual(['#cl-r > svg:nth-child(2)']);
  });

  it('answers the whole region when its own tag changed or most of it changed', () => {
    expect(regionPatches(region(['a']), region(['a']).replace('hx-get="/r"', 'hx-get="/r?settle=1"'))).toBeNull();
    const rows = (text: string) => Array.from({ length: 201 }, (_, i) => `${text}${i}`);
    expect(regionPatches(region(rows('a')), region(rows('b')))).toBeNull();
  });

  it('answers no patch for the same markup', () => {
    expect(regionPatches(region(['a']), region(['a']))).toEqual([]);
  });
});

describe('patchMarkup', () => {
  it('puts each changed element out of band at its path, in a template of its own, quotes escaped', () => {
    expect(patchMarkup([{ selector: '#cl-r > td:nth-child(1)', html: '<td class="x">B</td>' }])).toBe(
      '<template><td hx-swap-oob="outerHTML:#cl-r > td:nth-child(1)" class="x">B</td></template>',
    );
  });
});

describe('regionAnswer', () => {
  it('answers unchanged, a patch from a kept version, or the whole region stamped', () => {
    const before = region(['a', 'b']);
    const { version } = stampRegion(before);
    expect(regionAnswer(before, version)).toEqual({ kind: 'unchanged', version });

    const after = region(['a', 'B']);
    const patch = regionAnswer(after, version);
    expect(patch).toEqual({ kind: 'patch', version: versionOf(after), html: expect.stringContaining('<template><td hx-swap-oob="outerHTML:#cl-r >') });

    const whole = regionAnswer(after, 'never-sent');
    expect(whole.kind).toBe('whole');
    expect(whole.kind === 'whole' && whole.html.startsWith(`<div data-live-version="${versionOf(after)}" id="cl-r"`)).toBe(true);
    expect(regionAnswer(after, null).kind).toBe('whole');
  });
});

describe('stampLiveRegions', () => {
  it('stamps every live region of a page with its version and keeps the rest', () => {
    const page = `<main><h1>x</h1>${region(['a'])}<div id="other" class="cl-note">n</div></main>`;
    const stamped = stampLiveRegions(page);
    expect(stamped).toBe(page.replace('<div id="cl-r"', `<div data-live-version="${versionOf(region(['a']))}" id="cl-r"`));
    expect(regionAnswer(region(['b']), versionOf(region(['a']))).kind).toBe('patch');
  });
});
