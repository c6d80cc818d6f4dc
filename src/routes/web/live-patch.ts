/**
 * Live regions answered with only what changed. A region re-rendered whole costs the browser its whole parse,
 * style and layout (seconds at 10,000 tasks) for an event that changed one task. So each region sent to a page is
 * stamped with a version (a hash of its markup, `data-live-version`), and the markup of recent versions is kept
 * here; the live script asks again with its version (`HX-Live-Version`), and the answer is:
 *   - nothing (204) when the region is unchanged;
 *   - the changed elements alone, each an out-of-band swap addressed by its path from the region (tag and position
 *     at every level), with `HX-Reswap: none` and the new version in `HX-Live-Version`;
 *   - the whole region, stamped, when its own tag changed, its version is no longer kept, or the changes are most
 *     of it.
 * The markup is the views' own output (hono/jsx: well formed, attribute values quoted), which the small tokenizer
 * below relies on. A path the page does not have makes the live script ask for the whole region again.
 */
import { createHash } from 'node:crypto';

/** The request header carrying the version a page shows; the answer header carrying the new one. */
export const LIVE_VERSION_HEADER = 'HX-Live-Version';

/** Recent versions kept, by count and by their markup's total size (a region at 10,000 tasks is about 2 MB). */
const KEPT_VERSIONS = 16;
const KEPT_CHARS = 16 * 2 ** 20;
/** Beyond this share of the new markup, or this many changed elements, the whole region is cheaper. */
const MAX_PATCH_SHARE = 0.5;
const MAX_PATCHES = 200;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);
/**
 * Replaced whole when anything inside changed: an SVG's elements parsed out of an `<svg>` would be HTML elements (and
 * htmx takes an answer's `<title>` for the page's).
 */
const WHOLE = new Set(['svg']);

/** An element of the markup: where it starts, where its opening tag ends, where its closing tag starts and ends. */
interface Element {
  tag: string;
  start: number;
  openEnd: number;
  closeStart: number;
  end: number;
  children: Element[];
}

/** A comment, a closing tag, or an opening tag (quoted attribute values may hold `>`). */
const TOKEN = /<!--[\s\S]*?-->|<\/([a-zA-Z][^\s>/]*)[^>]*>|<([a-zA-Z][^\s>/]*)(?:[^>"']|"[^"]*"|'[^']*')*>/g;

/** The top-level elements of `html`, each with its descendants. */
export function parseElements(html: string): Element[] {
  const root: Element = { tag: '', start: 0, openEnd: 0, closeStart: html.length, end: html.length, children: [] };
  const open: Element[] = [root];
  const token = new RegExp(TOKEN.source, 'g');
  for (let match = token.exec(html); match !== null; match = token.exec(html)) {
    const [text, closing, opening] = match;
    const at = match.index;
    const end = at + text.length;
    if (closing !== undefined) {
      // Closes the nearest open element of that name (and any left open inside it).
      const tag = closing.toLowerCase();
      let index = open.length - 1;
      while (index > 0 && open[index]!.tag !== tag) index--;
      if (index > 0) {
        for (const element of open.splice(index)) {
          element.closeStart = at;
          element.end = end;
        }
      }
    } else if (opening !== undefined) {
      const tag = opening.toLowerCase();
      const element: Element = { tag, start: at, openEnd: end, closeStart: end, end, children: [] };
      open.at(-1)!.children.push(element);
      if (VOID.has(tag) || text.endsWith('/>')) continue;
      if (RAW_TEXT.has(tag)) {
        // The views write tag names in lower case.
        const close = html.indexOf(`</${tag}`, end);
        element.closeStart = close === -1 ? html.length : close;
        element.end = close === -1 ? html.length : html.indexOf('>', close) + 1;
        token.lastIndex = element.end;
      } else {
        open.push(element);
      }
    }
  }
  return root.children;
}

/** The last markup patched from, parsed: every page showing that version asks from it (one parse, not one each). */
let lastBefore: { html: string; elements: Element[] } | null = null;

function parsedBefore(html: string): Element[] {
  if (lastBefore?.html !== html) lastBefore = { html, elements: parseElements(html) };
  return lastBefore.elements;
}

export interface Patch {
  /** CSS selector of the element to replace, from the region's id. */
  selector: string;
  html: string;
}

const slice = (html: string, e: Element) => html.slice(e.start, e.end);

/** The text of an element outside its child elements, in pieces. */
function textPieces(html: string, e: Element): string[] {
  const pieces: string[] = [];
  let from = e.openEnd;
  for (const child of e.children) {
    pieces.push(html.slice(from, child.start));
    from = child.end;
  }
  pieces.push(html.slice(from, e.closeStart));
  return pieces;
}

/**
 * The smallest elements to replace to turn the region `before` into `after` (both a region's markup, one root
 * element with an id), or null when the region must be replaced whole.
 */
export function regionPatches(before: string, after: string): Patch[] | null {
  const [a] = parsedBefore(before);
  const [b] = parseElements(after);
  if (!a || !b || before.slice(a.start, a.openEnd) !== after.slice(b.start, b.openEnd)) return null;
  const id = /\sid="([^"]+)"/.exec(after.slice(b.start, b.openEnd))?.[1];
  if (!id) return null;
  const patches: Patch[] = [];
  let chars = 0;
  const budget = after.length * MAX_PATCH_SHARE;
  // Returns false when the region must be replaced whole.
  const walk = (x: Element, y: Element, selector: string, isRoot: boolean): boolean => {
    if (slice(before, x) === slice(after, y)) return true;
    const same =
      !WHOLE.has(y.tag) &&
      before.slice(x.start, x.openEnd) === after.slice(y.start, y.openEnd) &&
      x.children.length === y.children.length &&
      textPieces(before, x).join('\u0000') === textPieces(after, y).join('\u0000');
    if (!same) {
      if (isRoot) return false;
      const html = slice(after, y);
      chars += html.length;
      patches.push({ selector, html });
      return patches.length <= MAX_PATCHES && chars <= budget;
    }
    for (let i = 0; i < y.children.length; i++) {
      const child = y.children[i]!;
      if (child.tag !== x.children[i]!.tag) {
        if (isRoot) return false;
        const html = slice(after, y);
        chars += html.length;
        patches.push({ selector, html });
        return patches.length <= MAX_PATCHES && chars <= budget;
      }
      if (!walk(x.children[i]!, child, `${selector} > ${child.tag}:nth-child(${i + 1})`, false)) return false;
    }
    return true;
  };
  return walk(a, b, `#${cssEscape(id)}`, true) ? patches : null;
}

function cssEscape(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, (ch) => `\\${ch.codePointAt(0)!.toString(16)} `);
}

/**
 * The patches as one htmx answer: each element with its out-of-band target, in a `<template>` of its own, so a row
 * or a cell is parsed as one (after a `<span>`, a `<td>` outside a template would be dropped).
 */
export function patchMarkup(patches: Patch[]): string {
  return patches
    .map((p) => {
      const name = /^<[^\s>/]+/.exec(p.html)![0];
      return `<template>${name} hx-swap-oob="outerHTML:${p.selector.replaceAll('"', '&quot;')}"${p.html.slice(name.length)}</template>`;
    })
    .join('');
}

/** Markup of the versions sent lately, newest last. */
const kept = new Map<string, string>();
let keptChars = 0;

function keep(version: string, html: string): void {
  if (kept.has(version)) {
    kept.delete(version);
    kept.set(version, html);
    return;
  }
  kept.set(version, html);
  keptChars += html.length;
  for (const [oldest, markup] of kept) {
    if (kept.size <= KEPT_VERSIONS && keptChars <= KEPT_CHARS) break;
    kept.delete(oldest);
    keptChars -= markup.length;
  }
}

export function versionOf(html: string): string {
  return createHash('sha1').update(html).digest('base64url').slice(0, 20);
}

/** A region's markup with its version on its root element, and the version kept for later patches. */
export function stampRegion(html: string): { html: string; version: string } {
  const version = versionOf(html);
  keep(version, html);
  const name = /^<[^\s>/]+/.exec(html)?.[0];
  if (!name) return { html, version };
  return { html: `${name} data-live-version="${version}"${html.slice(name.length)}`, version };
}

/** Every live region (`class="cl-live`) of a page's markup stamped with its version. */
export function stampLiveRegions(page: string): string {
  const marker = /<div id="[^"]+" class="cl-live[\s"]/g;
  const elements = parseElements(page);
  const regions: Element[] = [];
  const find = (list: Element[]) => {
    for (const e of list) {
      marker.lastIndex = e.start;
      const match = marker.exec(page);
      if (match?.index === e.start) regions.push(e);
      else find(e.children);
    }
  };
  if (!marker.test(page)) return page;
  find(elements);
  let out = '';
  let from = 0;
  for (const region of regions) {
    out += page.slice(from, region.start) + stampRegion(slice(page, region)).html;
    from = region.end;
  }
  return out + page.slice(from);
}

export type RegionAnswer =
  | { kind: 'unchanged'; version: string }
  | { kind: 'patch'; version: string; html: string }
  | { kind: 'whole'; version: string; html: string };

/** What to send a page showing version `shown` (null: none) of a region now rendered as `html`. */
export function regionAnswer(html: string, shown: string | null): RegionAnswer {
  const version = versionOf(html);
  if (shown === version) {
    keep(version, html);
    return { kind: 'unchanged', version };
  }
  const before = shown === null ? undefined : kept.get(shown);
  const stamped = stampRegion(html);
  const patches = before === undefined ? null : regionPatches(before, html);
  if (patches === null) return { kind: 'whole', version, html: stamped.html };
  return { kind: 'patch', version, html: patchMarkup(patches) };
}
