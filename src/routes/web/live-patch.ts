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
/** Replaced whole when anything inside changed: a template's content is no part of the page's DOM tree. */
const WHOLE = new Set(['template']);

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

/** Where the closing tag of a raw-text element (its text may hold `<`) starts; the views write tag names in lower case. */
function rawTextClose(html: string, tag: string, from: number): number {
  const close = html.indexOf(`</${tag}`, from);
  return close === -1 ? html.length : close;
}

/** Where the element whose closing tag starts at `closeStart` ends. */
function elementEnd(html: string, closeStart: number): number {
  return closeStart === html.length ? html.length : html.indexOf('>', closeStart) + 1;
}

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
        element.closeStart = rawTextClose(html, tag, end);
        element.end = elementEnd(html, element.closeStart);
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

/**
 * One change of the page's region: an element replaced (`outerHTML`), elements inserted after a sibling or first in
 * their parent (`afterend`, `afterbegin`; `html` is the new elements, `parent` their parent's tag), or one removed.
 */
export interface Patch {
  /** CSS selector of the element replaced, removed, or inserted after (`afterbegin`: their parent), from the region's id. */
  selector: string;
  html: string;
  swap?: 'afterend' | 'afterbegin' | 'delete';
  /** The parent of inserted elements, whose tag wraps them so they parse as its children. */
  parent?: string;
  /** Inside an SVG: parsed in an `<svg>` so its elements are SVG's, not HTML's. */
  svg?: boolean;
}

const slice = (html: string, e: Element) => html.slice(e.start, e.end);
const openTag = (html: string, e: Element) => html.slice(e.start, e.openEnd);

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
 * What names an element among its siblings, in this order: a task, a group of tasks, a node (visualizer columns and
 * topology nodes), a service (the services table's row groups); an option by its value. An element that has one is
 * found by it (a moved task is removed from one column and inserted in another, the columns' other tasks untouched).
 */
const KEY = /\s(data-task|data-group|data-node|data-service)="([^"]*)"/g;
const OPTION_VALUE = /\svalue="([^"]*)"/;

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', lt: '<', gt: '>', '#39': "'", '#x27': "'" };
const unescapeHtml = (text: string) => text.replace(/&(amp|quot|lt|gt|#39|#x27);/g, (_, name: string) => ENTITIES[name]!);
/** A CSS string's content: backslashes, quotes and line breaks escaped. */
const cssString = (text: string) => text.replace(/[\\"]/g, '\\$&').replace(/[\n\r\f]/g, (ch) => `\\${ch.codePointAt(0)!.toString(16)} `);

/** A selector naming the element among its siblings (tag and key attribute), or null when it carries no key. */
function keySelector(html: string, e: Element): string | null {
  const open = openTag(html, e);
  if (e.tag === 'option') {
    const value = OPTION_VALUE.exec(open);
    return value ? `option[value="${cssString(unescapeHtml(value[1]!))}"]` : null;
  }
  let best: { rank: number; name: string; value: string } | null = null;
  for (const match of open.matchAll(KEY)) {
    const rank = ['data-task', 'data-group', 'data-node', 'data-service'].indexOf(match[1]!);
    if (!best || rank < best.rank) best = { rank, name: match[1]!, value: match[2]! };
  }
  return best ? `${e.tag}[${best.name}="${cssString(unescapeHtml(best.value))}"]` : null;
}

/**
 * Keys of a list of siblings: the key selector, or for an element without one (or one its siblings share), its tag
 * and rank among those (matched by position among them).
 */
function siblingKeys(html: string, list: Element[], shared: Set<string>): { key: string; selector: string | null }[] {
  const ranks = new Map<string, number>();
  return list.map((e) => {
    const selector = keySelector(html, e);
    if (selector !== null && !shared.has(selector)) return { key: selector, selector };
    const rank = ranks.get(e.tag) ?? 0;
    ranks.set(e.tag, rank + 1);
    return { key: `${e.tag}#${rank}`, selector: null };
  });
}

function sharedKeys(html: string, list: Element[], into: Set<string>): void {
  const seen = new Set<string>();
  for (const e of list) {
    const selector = keySelector(html, e);
    if (selector === null) continue;
    if (seen.has(selector)) into.add(selector);
    seen.add(selector);
  }
}

/** Indexes (into `values`) of a longest strictly increasing subsequence. */
function longestIncreasing(values: number[]): Set<number> {
  const tails: number[] = [];
  const previous: number[] = new Array(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (values[tails[mid]!]! < values[i]!) low = mid + 1;
      else high = mid;
    }
    if (low > 0) previous[i] = tails[low - 1]!;
    tails[low] = i;
  }
  const kept = new Set<number>();
  for (let i = tails.at(-1) ?? -1; i !== -1; i = previous[i]!) kept.add(i);
  return kept;
}

/**
 * The smallest changes that turn the region `before` into `after` (both a region's markup, one root element with an
 * id), in the order they apply (a parent's removals and insertions before its children's changes, so each selector
 * holds when its turn comes), or null when the region must be replaced whole.
 */
export function regionPatches(before: string, after: string): Patch[] | null {
  const [a] = parsedBefore(before);
  const [b] = parseElements(after);
  if (!a || !b || openTag(before, a) !== openTag(after, b)) return null;
  const id = /\sid="([^"]+)"/.exec(openTag(after, b))?.[1];
  if (!id) return null;
  const patches: Patch[] = [];
  let chars = 0;
  const budget = after.length * MAX_PATCH_SHARE;
  const add = (patch: Patch) => {
    chars += patch.html.length;
    patches.push(patch);
    return patches.length <= MAX_PATCHES && chars <= budget;
  };

  // Children by key: removed ones (and moved ones) out, new ones (and moved ones) in, runs of them at once; the
  // others compared in place. Only for children with no text between them.
  const keyed = (x: Element, y: Element, selector: string, svg: boolean): boolean => {
    const shared = new Set<string>();
    sharedKeys(before, x.children, shared);
    sharedKeys(after, y.children, shared);
    const keysX = siblingKeys(before, x.children, shared);
    const keysY = siblingKeys(after, y.children, shared);
    const atX = new Map(keysX.map((k, i) => [k.key, i]));
    const matched = keysY.flatMap((k, j) => (atX.has(k.key) ? [j] : []));
    const inPlace = new Set([...longestIncreasing(matched.map((j) => atX.get(keysY[j]!.key)!))].map((i) => matched[i]!));
    const stays = new Set([...inPlace].map((j) => atX.get(keysY[j]!.key)!));
    // Removals from the last, so the positions of those before still hold.
    for (let i = x.children.length - 1; i >= 0; i--) {
      if (stays.has(i)) continue;
      const target = keysX[i]!.selector ?? `:nth-child(${i + 1})`;
      if (!add({ selector: `${selector} > ${target}`, html: '', swap: 'delete' })) return false;
    }
    // Insertions in order: the elements before each run are then those of `after`, in place.
    for (let j = 0; j < y.children.length; ) {
      if (inPlace.has(j)) {
        j++;
        continue;
      }
      const from = j;
      while (j < y.children.length && !inPlace.has(j)) j++;
      const html = after.slice(y.children[from]!.start, y.children[j - 1]!.end);
      const anchor = from === 0 ? selector : `${selector} > ${keysY[from - 1]!.selector ?? `:nth-child(${from})`}`;
      if (!add({ selector: anchor, html, swap: from === 0 ? 'afterbegin' : 'afterend', parent: y.tag, svg: svg || y.tag === 'svg' })) return false;
    }
    for (const j of [...inPlace].sort((p, q) => p - q)) {
      const child = y.children[j]!;
      const target = keysY[j]!.selector ?? `${child.tag}:nth-child(${j + 1})`;
      if (!walk(x.children[atX.get(keysY[j]!.key)!]!, child, `${selector} > ${target}`, false, svg || y.tag === 'svg')) return false;
    }
    return true;
  };

  // Returns false when the region must be replaced whole.
  const walk = (x: Element, y: Element, selector: string, isRoot: boolean, svg: boolean): boolean => {
    if (slice(before, x) === slice(after, y)) return true;
    const replace = () => !isRoot && add(svg ? { selector, html: slice(after, y), svg } : { selector, html: slice(after, y) });
    if (openTag(before, x) !== openTag(after, y) || WHOLE.has(y.tag)) return replace();
    const textX = textPieces(before, x);
    const textY = textPieces(after, y);
    const sameShape =
      x.children.length === y.children.length &&
      x.children.every((c, i) => c.tag === y.children[i]!.tag && keySelector(before, c) === keySelector(after, y.children[i]!));
    if (sameShape && textX.join('\u0000') === textY.join('\u0000')) {
      const inside = svg || y.tag === 'svg';
      return y.children.every((child, i) => walk(x.children[i]!, child, `${selector} > ${child.tag}:nth-child(${i + 1})`, false, inside));
    }
    if (textX.every((t) => t === '') && textY.every((t) => t === '')) return keyed(x, y, selector, svg);
    return replace();
  };
  return walk(a, b, `#${cssEscape(id)}`, true, false) ? patches : null;
}

function cssEscape(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, (ch) => `\\${ch.codePointAt(0)!.toString(16)} `);
}

const attribute = (text: string) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;');

/**
 * The patches as one htmx answer, in order: each out of band, in a `<template>` of its own, so a row or a cell is
 * parsed as one (after a `<span>`, a `<td>` outside a template would be dropped); a replaced element carries its own
 * target, inserted ones sit in an element of their parent's tag (htmx inserts its children), SVG ones inside an `<svg>`.
 */
export function patchMarkup(patches: Patch[]): string {
  return patches
    .map((p) => {
      let html: string;
      if (p.swap === 'delete') html = `<i hx-swap-oob="delete:${attribute(p.selector)}"></i>`;
      else if (p.swap) html = `<${p.parent} hx-swap-oob="${p.swap}:${attribute(p.selector)}">${p.html}</${p.parent}>`;
      else {
        const name = /^<[^\s>/]+/.exec(p.html)![0];
        html = `${name} hx-swap-oob="outerHTML:${attribute(p.selector)}"${p.html.slice(name.length)}`;
      }
      // An inserted run whose parent is the SVG itself is wrapped in an <svg> already.
      const wrap = p.svg === true && !(p.swap && p.swap !== 'delete' && p.parent === 'svg');
      return `<template>${wrap ? `<svg>${html}</svg>` : html}</template>`;
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
export function stampRegion(html: string, version = versionOf(html)): { html: string; version: string } {
  keep(version, html);
  const name = /^<[^\s>/]+/.exec(html)?.[0];
  if (!name) return { html, version };
  return { html: `${name} data-live-version="${version}"${html.slice(name.length)}`, version };
}

/** The opening tag of a live region (views/live-region.tsx), tried where a `<div` starts. */
const LIVE_REGION_START = /<div id="[^"]+" class="cl-live[\s"]/y;

/**
 * Every live region (`class="cl-live`) of a page's markup stamped with its version. Called on every page render, so
 * it reads the page's tags as parseElements does but keeps only how many divs the region being read has open: parsing
 * the page into elements made ~2 MB of objects per render at 10,000 tasks, alive across the render's young
 * collections and so promoted to the old generation.
 */
export function stampLiveRegions(page: string): string {
  let out = '';
  let from = 0;
  /** Where the region being read starts (-1: none), and how many of its divs are open. */
  let region = -1;
  let depth = 0;
  const token = new RegExp(TOKEN.source, 'g');
  for (let match = token.exec(page); match !== null; match = token.exec(page)) {
    const [text, closing, opening] = match;
    if (closing !== undefined) {
      if (region !== -1 && closing.toLowerCase() === 'div' && --depth === 0) {
        out += page.slice(from, region) + stampRegion(page.slice(region, token.lastIndex)).html;
        from = token.lastIndex;
        region = -1;
      }
    } else if (opening !== undefined) {
      const tag = opening.toLowerCase();
      if (RAW_TEXT.has(tag)) token.lastIndex = elementEnd(page, rawTextClose(page, tag, token.lastIndex));
      else if (tag === 'div' && !text.endsWith('/>')) {
        if (region !== -1) depth++;
        else {
          LIVE_REGION_START.lastIndex = match.index;
          if (LIVE_REGION_START.test(page)) {
            region = match.index;
            depth = 1;
          }
        }
      }
    }
  }
  return from === 0 ? page : out + page.slice(from);
}

export type RegionAnswer =
  | { kind: 'unchanged'; version: string }
  | { kind: 'patch'; version: string; html: string }
  | { kind: 'whole'; version: string; html: string };

/**
 * Answers by version pair, recent ones: every page showing the same version gets the same patch, computed once (at
 * 10,000 tasks, parsing and comparing the region costs tens of ms of CPU).
 */
const KEPT_ANSWERS = 64;
const KEPT_ANSWER_CHARS = 8 * 2 ** 20;
const answers = new Map<string, RegionAnswer>();
let answerChars = 0;

const answerSize = (answer: RegionAnswer) => (answer.kind === 'unchanged' ? 0 : answer.html.length);

/**
 * What to send a page showing version `shown` (null: none) of a region now rendered as `html` (`version`: its
 * version, when the caller has it).
 */
export function regionAnswer(html: string, shown: string | null, version = versionOf(html)): RegionAnswer {
  if (shown === version) {
    keep(version, html);
    return { kind: 'unchanged', version };
  }
  const pair = `${shown}>${version}`;
  const known = answers.get(pair);
  if (known) {
    keep(version, html);
    return known;
  }
  const before = shown === null ? undefined : kept.get(shown);
  const stamped = stampRegion(html, version);
  const patches = before === undefined ? null : regionPatches(before, html);
  const answer: RegionAnswer = patches === null ? { kind: 'whole', version, html: stamped.html } : { kind: 'patch', version, html: patchMarkup(patches) };
  // An unknown version's answer (the whole region) is not kept: the version may be known later.
  if (before !== undefined) {
    answers.set(pair, answer);
    answerChars += answerSize(answer);
    for (const [oldest, dropped] of answers) {
      if (answers.size <= KEPT_ANSWERS && answerChars <= KEPT_ANSWER_CHARS) break;
      answers.delete(oldest);
      answerChars -= answerSize(dropped);
    }
  }
  return answer;
}
