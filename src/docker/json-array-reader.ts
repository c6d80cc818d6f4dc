/**
 * Scans a JSON array as its bytes arrive, for reading it in batches (`OffThreadArrayReader`): the items complete so
 * far are parsed together (one JSON.parse per batch) and each is handed on at once, so a 12 MB list of 10,000 tasks
 * is never held whole, neither as text nor as a tree of every field, and parsing overlaps the transfer.
 *
 * With `keep`, the keys of each item (an object) that it does not name are cut out of the text before it is parsed,
 * at any depth it names (`{ Status: { State: true } }` keeps only the state of the status), so JSON.parse never
 * builds what nobody reads: most of a task's bytes are its spec and network attachments, of which the views read an
 * image name. The bytes are copied in one pass, kept ones only; the kept text is JSON.parse's to check.
 */

/** The keys to keep of an object: `true` keeps the value whole, a nested shape keeps those keys of an object value. */
export type KeepShape = { readonly [key: string]: KeepShape | true };

/** A shape ready for comparing keys as bytes: by length, then the key's bytes and what to keep of its value. */
interface KeepNode {
  byLength: Map<number, { bytes: Buffer; child: KeepNode | undefined }[]>;
  byName: Map<string, KeepNode | undefined>;
}

/** Parses the items a scanner completed (`JsonArrayScanner.push`'s text, empty for none) onto `items`, each through `item`. */
export function parseItems<T>(text: string, item: (value: unknown, index: number) => T, items: T[]): void {
  if (text === '') return;
  const values: unknown[] = JSON.parse(text);
  for (const value of values) items.push(item(value, items.length));
}

/**
 * The byte scan: finds where items end and cuts what `keep` does not name; each chunk answers the items it completed
 * as the UTF-8 text of a JSON array of them (empty when it completed none), what JSON.parse takes once decoded.
 */
export class JsonArrayScanner {
  private readonly root: KeepNode | undefined;
  /** The kept bytes since the last batch, after a `[` at 0. */
  private out: Buffer = Buffer.allocUnsafe(64 * 1024);
  private o = 1;
  /** Bytes read so far: error offsets count from the first byte of the answer. */
  private offset = 0;
  private depth = 0;
  private closed = false;
  private inString = false;
  private escaped = false;
  /** Whether the string being read is a key of an object whose keys are chosen, and whether it holds an escape. */
  private inKey = false;
  private keyEscaped = false;
  /** Where in `out` the key being read starts (its quote), and its member (the comma written before it). */
  private keyStart = 0;
  private memberStart = 0;
  /** The depth of the object whose member is being cut (0: none). */
  private cutDepth = 0;
  private expectKey = false;
  /** Whether a comma between the members of an object whose keys are chosen came last (it is not copied). */
  private afterMemberComma = false;
  /** What to keep of the next object opened, when the key before it said. */
  private nextShape: KeepNode | undefined;
  /** Per depth: whether the container is an object, the keys it keeps (undefined: all), its members written. */
  private readonly isObject: boolean[] = [];
  private readonly shapes: (KeepNode | undefined)[] = [];
  private readonly written: number[] = [];
  /** At depth 1: whether an item began since the last comma, and whether a comma came at all. */
  private itemSeen = false;
  private afterComma = false;

  constructor(options: { keep?: KeepShape } = {}) {
    this.root = options.keep && keepNode(options.keep);
    this.out[0] = OPEN_BRACKET;
  }

  push(chunk: Uint8Array): Buffer {
    const n = chunk.length;
    if (n === 0) return NONE;
    // Kept bytes never outnumber read ones, but for a comma written before a kept key (the cut one before it was
    // read earlier) and the closing bracket of a batch.
    if (this.out.length < this.o + n + 2) {
      const grown = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.o + n + 2));
      this.out.copy(grown, 0, 0, this.o);
      this.out = grown;
    }
    const out = this.out;
    const { isObject, shapes, written } = this;
    let { o, depth, inString, escaped, cutDepth, expectKey } = this;
    /** Where the last item boundary of this chunk left `out` (the comma's place), or -1. */
    let boundary = -1;
    for (let i = 0; i < n; i++) {
      let c = chunk[i]!;
      if (inString) {
        const copy = cutDepth === 0;
        // The content up to a quote or a backslash, in a tight loop: most bytes are in strings.
        if (escaped) {
          escaped = false;
          if (copy) out[o++] = c;
          continue;
        }
        if (copy) {
          while (c !== QUOTE && c !== BACKSLASH) {
            out[o++] = c;
            if (++i === n) break;
            c = chunk[i]!;
          }
          if (i === n) break;
          out[o++] = c;
        } else {
          while (c !== QUOTE && c !== BACKSLASH) {
            if (++i === n) break;
            c = chunk[i]!;
          }
          if (i === n) break;
        }
        if (c === BACKSLASH) {
          escaped = true;
          this.keyEscaped = true;
          continue;
        }
        inString = false;
        if (this.inKey) {
          this.inKey = false;
          const kept = this.keptKey(shapes[depth]!, o);
          if (kept === CUT) {
            o = this.memberStart;
            cutDepth = depth;
          } else {
            written[depth]!++;
            this.nextShape = kept;
          }
        }
        continue;
      }
      if (cutDepth > 0) {
        // A cut member: its value is skipped to the comma or brace that ends it in its object.
        if (c === QUOTE) {
          inString = true;
        } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          isObject[++depth] = c === OPEN_BRACE;
        } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          if (isObject[depth] !== (c === CLOSE_BRACE)) throw new SyntaxError(`unexpected ${String.fromCharCode(c)} at byte ${this.offset + i}`);
          if (depth > cutDepth) depth--;
          else {
            cutDepth = 0;
            out[o++] = c;
            depth--;
            expectKey = false;
          }
        } else if (c === COMMA && depth === cutDepth) {
          cutDepth = 0;
          expectKey = true;
          this.afterMemberComma = true;
        }
        continue;
      }
      if (c === QUOTE) {
        if (depth === 1) this.itemSeen = true;
        else if (expectKey && shapes[depth]) {
          this.afterMemberComma = false;
          this.memberStart = o;
          if (written[depth]! > 0) out[o++] = COMMA;
          this.keyStart = o;
          this.inKey = true;
          this.keyEscaped = false;
        }
        out[o++] = c;
        inString = true;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (depth === 0) {
          if (c === OPEN_BRACE || this.closed) throw new SyntaxError(`${this.closed ? 'text after the array' : 'not a JSON array'} at byte ${this.offset + i}`);
          depth = 1;
          isObject[1] = false;
          continue;
        }
        if (depth === 1) this.itemSeen = true;
        depth++;
        const object = c === OPEN_BRACE;
        isObject[depth] = object;
        shapes[depth] = object ? (depth === 2 ? this.root : this.nextShape) : undefined;
        written[depth] = 0;
        this.nextShape = undefined;
        expectKey = object;
        out[o++] = c;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (depth === 0 || isObject[depth] !== (c === CLOSE_BRACE) || (this.afterMemberComma && shapes[depth])) {
          throw new SyntaxError(`unexpected ${String.fromCharCode(c)} at byte ${this.offset + i}`);
        }
        this.nextShape = undefined;
        expectKey = false;
        if (--depth > 0) {
          out[o++] = c;
          continue;
        }
        // The array's end: an item must follow a comma.
        if (this.afterComma && !this.itemSeen) throw new SyntaxError(`an item is missing before byte ${this.offset + i}`);
        this.closed = true;
        boundary = o;
      } else if (c === COMMA) {
        this.nextShape = undefined;
        if (depth === 1) {
          if (!this.itemSeen) throw new SyntaxError(`an item is missing before byte ${this.offset + i}`);
          this.itemSeen = false;
          this.afterComma = true;
          boundary = o;
          out[o++] = c;
        } else if (shapes[depth]) {
          // Between the members of an object whose keys are chosen, the comma is written before the next kept key.
          if (expectKey) throw new SyntaxError(`a member is missing before byte ${this.offset + i}`);
          expectKey = true;
          this.afterMemberComma = true;
        } else {
          expectKey = isObject[depth]!;
          out[o++] = c;
        }
      } else if (c === COLON) {
        expectKey = false;
        out[o++] = c;
      } else if (depth === 0) {
        if (!isSpace(c)) throw new SyntaxError(`${this.closed ? 'text after the array' : 'not a JSON array'} at byte ${this.offset + i}`);
      } else {
        if (depth === 1 && !isSpace(c)) this.itemSeen = true;
        out[o++] = c;
      }
    }
    this.offset += n;
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    this.cutDepth = cutDepth;
    this.expectKey = expectKey;
    if (boundary < 0) {
      this.o = o;
      return NONE;
    }
    out[boundary] = CLOSE_BRACKET;
    let text = NONE;
    if (boundary > 1) {
      // In memory of its own (not a slice of a shared pool): it can be handed to another thread and kept alone.
      text = Buffer.allocUnsafeSlow(boundary + 1);
      out.copy(text, 0, 0, boundary + 1);
    }
    // What follows the boundary's comma is the next item's beginning: it moves to the front, keys' places with it.
    const rest = Math.max(0, o - boundary - 1);
    out.copyWithin(1, boundary + 1, o);
    this.o = 1 + rest;
    this.keyStart -= boundary;
    this.memberStart -= boundary;
    return text;
  }

  /** Throws when the text ended inside the array. */
  end(): void {
    if (!this.closed) throw new SyntaxError(`the array ends early, after ${this.offset} bytes`);
  }

  /** What to keep of the value of the key just read (`out` up to `end`), or CUT. */
  private keptKey(shape: KeepNode, end: number): KeepNode | undefined | typeof CUT {
    const from = this.keyStart + 1;
    const length = end - 1 - from;
    if (this.keyEscaped) {
      const name = JSON.parse(this.out.toString('utf8', this.keyStart, end)) as string;
      return shape.byName.has(name) ? shape.byName.get(name) : CUT;
    }
    const out = this.out;
    for (const candidate of shape.byLength.get(length) ?? []) {
      const bytes = candidate.bytes;
      let k = 0;
      while (k < length && bytes[k] === out[from + k]) k++;
      if (k === length) return candidate.child;
    }
    return CUT;
  }
}

const CUT = Symbol('cut');
const NONE = Buffer.alloc(0);

function keepNode(shape: KeepShape): KeepNode {
  const node: KeepNode = { byLength: new Map(), byName: new Map() };
  for (const [name, value] of Object.entries(shape)) {
    const child = value === true ? undefined : keepNode(value);
    const bytes = Buffer.from(name);
    node.byName.set(name, child);
    const same = node.byLength.get(bytes.length) ?? [];
    same.push({ bytes, child });
    node.byLength.set(bytes.length, same);
  }
  return node;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
