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

  it('replaces a JSON data block whole when its text changed', () => {
    const filters = (names: string[]) =>
      `<div id="cl-f" class="cl-live"><p>${'x'.repeat(2_000)}</p><label><select name="service"><option value="">All</option></select>` +
      `<script type="application/json" data-grid-options="service">${JSON.stringify(names.map((n) => [n, n]))}</script></label></div>`;
    expect(regionPatches(filters(['a', 'b']), filters(['a', 'c']))).toEqual([
      {
        selector: '#cl-f > label:nth-child(2) > script:nth-child(2)',
        html: '<script type="application/json" data-grid-options="service">[["a","a"],["c","c"]]</script>',
      },
    ]);
  });

  it('replaces the smallest element holding a changed text', () => {
    expect(regionPatches(region(['a'], '12:00'), region(['a'], '12:01'))).toEqual([
      { selector: '#cl-r > p:nth-child(1) > span:nth-child(1)', html: '<span>12:01</span>' },
    ]);
  });

  it('removes and inserts rows by position among unkeyed siblings when their number changes', () => {
    const long = 'x'.repeat(2_000);
    expect(regionPatches(region(['a', 'b'], long), region(['a', 'b', 'c'], long))).toEqual([
      {
        selector: '#cl-r > table:nth-child(2) > tbody:nth-child(2) > :nth-child(2)',
        html: '<tr data-i="2"><td>c</td><td><input name="open" value="2"></td></tr>',
        swap: 'afterend',
        parent: 'tbody',
        svg: false,
      },
    ]);
    expect(regionPatches(region(['a', 'b', 'c'], long), region(['a', 'b'], long))).toEqual([
      { selector: '#cl-r > table:nth-child(2) > tbody:nth-child(2) > :nth-child(3)', html: '', swap: 'delete' },
    ]);
  });

  const grid = (columns: [string, string[]][]) =>
    `<div id="cl-g" class="cl-live"><p>${'x'.repeat(2_000)}</p><div class="cl-columns">${columns
      .map(
        ([node, tasks]) =>
          `<section class="cl-col" data-node="${node}"><header><span>${tasks.length}</span> tasks</header><div class="cl-col-tasks">${tasks
            .map((t) => `<button data-task="${t}" data-service="s">${t}</button>`)
            .join('')}</div></section>`,
      )
      .join('')}</div></div>`;

  it('moves a task between columns by its key: removed from one, inserted after its new neighbour in the other', () => {
    const before = grid([
      ['n1', ['t1', 't2', 't3']],
      ['n2', ['t4', 't5']],
    ]);
    const after = grid([
      ['n1', ['t1', 't3']],
      ['n2', ['t2', 't4', 't5']],
    ]);
    // The columns are the same two, in place: addressed by position.
    const col = (n: number) => `#cl-g > div:nth-child(2) > section:nth-child(${n})`;
    expect(regionPatches(before, after)).toEqual([
      { selector: `${col(1)} > header:nth-child(1) > span:nth-child(1)`, html: '<span>2</span>' },
      { selector: `${col(1)} > div:nth-child(2) > button[data-task="t2"]`, html: '', swap: 'delete' },
      { selector: `${col(2)} > header:nth-child(1) > span:nth-child(1)`, html: '<span>3</span>' },
      { selector: `${col(2)} > div:nth-child(2)`, html: '<button data-task="t2" data-service="s">t2</button>', swap: 'afterbegin', parent: 'div', svg: false },
    ]);
  });

  it('moves a task within a column as a removal and an insertion; adds and removes columns by node', () => {
    const before = grid([
      ['n1', ['t1', 't2', 't3']],
      ['n2', ['t4']],
    ]);
    const after = grid([
      ['n1', ['t2', 't3', 't1']],
      ['n3', []],
    ]);
    const patches = regionPatches(before, after)!;
    expect(patches.map((p) => [p.swap ?? 'outerHTML', p.selector])).toEqual([
      ['delete', '#cl-g > div:nth-child(2) > section[data-node="n2"]'],
      ['afterend', '#cl-g > div:nth-child(2) > section[data-node="n1"]'],
      ['delete', '#cl-g > div:nth-child(2) > section[data-node="n1"] > div:nth-child(2) > button[data-task="t1"]'],
      ['afterend', '#cl-g > div:nth-child(2) > section[data-node="n1"] > div:nth-child(2) > button[data-task="t3"]'],
    ]);
    expect(patches[1]!.html).toContain('data-node="n3"');
  });

  it('keys siblings that share a key by position instead, and options by value', () => {
    const list = (items: string[]) => `<div id="cl-o" class="cl-live"><p>${'x'.repeat(2_000)}</p><select>${items.join('')}</select></div>`;
    expect(regionPatches(list(['<option value="a">a</option>']), list(['<option value="a">a</option>', '<option value="b&quot;">b</option>']))).toEqual([
      {
        selector: '#cl-o > select:nth-child(2) > option[value="a"]',
        html: '<option value="b&quot;">b</option>',
        swap: 'afterend',
        parent: 'select',
        svg: false,
      },
    ]);
    const twins = (n: string) => `<div id="cl-t" class="cl-live"><p>${'x'.repeat(2_000)}</p><ul><li data-task="t">1</li><li data-task="t">${n}</li></ul></div>`;
    expect(regionPatches(twins('2'), twins('3'))).toEqual([{ selector: '#cl-t > ul:nth-child(2) > li:nth-child(2)', html: '<li data-task="t">3</li>' }]);
  });

  it('patches inside an SVG, marked so the answer parses it as SVG', () => {
    const svg = (n: number) =>
      `<div id="cl-r" class="cl-live"><p>${'x'.repeat(500)}</p><svg><g data-node="a"><title>${n} tasks</title><circle r="${n}"></circle></g><g data-node="b"><circle r="1"></circle></g></svg></div>`;
    expect(regionPatches(svg(1), svg(2))).toEqual([
      { selector: '#cl-r > svg:nth-child(2) > g:nth-child(1) > title:nth-child(1)', html: '<title>2 tasks</title>', svg: true },
      { selector: '#cl-r > svg:nth-child(2) > g:nth-child(1) > circle:nth-child(2)', html: '<circle r="2"></circle>', svg: true },
    ]);
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
  it('puts each change out of band, in a template of its own, selectors escaped for the attribute', () => {
    expect(patchMarkup([{ selector: '#cl-r > td[data-x="a&b"]', html: '<td class="x">B</td>' }])).toBe(
      '<template><td hx-swap-oob="outerHTML:#cl-r > td[data-x=&quot;a&amp;b&quot;]" class="x">B</td></template>',
    );
  });

  it('wraps inserted elements in an element of their parent tag, SVG ones in an <svg>, and removes by selector', () => {
    expect(
      patchMarkup([
        { selector: '#r > tbody', html: '<tr><td>1</td></tr>', swap: 'afterbegin', parent: 'tbody' },
        { selector: '#r > svg > g', html: '<circle r="1"></circle>', svg: true },
        { selector: '#r > svg > g', html: '<g></g>', swap: 'afterend', parent: 'svg', svg: true },
        { selector: '#r > p', html: '', swap: 'delete' },
      ]),
    ).toBe(
      '<template><tbody hx-swap-oob="afterbegin:#r > tbody"><tr><td>1</td></tr></tbody></template>' +
        '<template><svg><circle hx-swap-oob="outerHTML:#r > svg > g" r="1"></circle></svg></template>' +
        '<template><svg hx-swap-oob="afterend:#r > svg > g"><g></g></svg></template>' +
        '<template><i hx-swap-oob="delete:#r > p"></i></template>',
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

  it('ends each region at its own closing div, past nested divs, raw text, comments and quoted ">"', () => {
    const inner =
      '<div id="cl-a" class="cl-live"><div x-show="a > b"><div>1</div></div><script>if (a < b) "</div><div>";</script>' +
      '<!-- </div> --><textarea></div></textarea><br/></div>';
    const second = '<div id="cl-b" class="cl-live cl-x"><div>2</div></div>';
    const page = `<main><div>${inner}</div><p>between</p>${second}</main>`;
    expect(stampLiveRegions(page)).toBe(
      page
        .replace('<div id="cl-a"', `<div data-live-version="${versionOf(inner)}" id="cl-a"`)
        .replace('<div id="cl-b"', `<div data-live-version="${versionOf(second)}" id="cl-b"`),
    );
  });

  it('leaves the marker alone where it is text: in a script, a comment or an attribute', () => {
    const marker = '<div id="cl-r" class="cl-live">';
    const page = `<main><script>const s = '${marker}</div>';</script><!-- ${marker} --><p title='${marker}'>t</p><div>x</div></main>`;
    expect(stampLiveRegions(page)).toBe(page);
  });
});
