/**
 * Reads a JSON array as its bytes arrive. The items complete so far are parsed together (one JSON.parse per batch)
 * and each is handed to `item` at once, which keeps what it uses: a 12 MB list of 10,000 tasks is never held whole,
 * neither as text nor as a tree of every field, and parsing overlaps the transfer instead of following it.
 *
 * With `keepKeys`, the other keys of each item (an object) are cut out of the text before it is parsed, so JSON.parse
 * never builds what nobody reads (a task's network attachments are half its bytes). Only the array's own commas and
 * its items' own keys are looked for (string contents are skipped with indexOf); the JSON is JSON.parse's to check.
 */
export class JsonArrayReader<T> {
  private readonly items: T[] = [];
  /** Bytes after the last item boundary (the opening bracket or a comma between items), from `pendingStart` on. */
  private pending: Buffer[] = [];
  private pendingStart = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Whether the closing bracket was read. */
  private closed = false;
  /** Whether the last boundary was a comma (an item must follow). */
  private afterComma = false;
  /** Bytes read so far: the offsets below count from the first byte of the answer. */
  private offset = 0;
  /** The items' keys kept, when the others are cut. */
  private readonly keepKeys: Buffer[] | undefined;
  /** Within an item that is an object: whether a key comes next, how many were kept, where the last comma was. */
  private inObject = false;
  private expectKey = false;
  /** The opening quote of the item's key being read, and its bytes so far when it began in an earlier chunk. */
  private keyStart = -1;
  private keyHead: Buffer | undefined;
  private keptKeys = 0;
  private lastComma = -1;
  /** The cut key under way: where its cut starts, and whether the comma after it goes too (no key before it). */
  private cutFrom = -1;
  private cutComma = false;
  /** Ranges [from, to) cut out of the pending text, in order. */
  private cuts: number[] = [];

  constructor(
    private readonly item: (value: unknown, index: number) => T,
    options: { keepKeys?: readonly string[] } = {},
  ) {
    this.keepKeys = options.keepKeys?.map((key) => Buffer.from(key));
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    /** Where this chunk's part of the array starts: after the opening bracket when it is in this chunk. */
    let from = 0;
    let boundary = -1;
    let { depth, inString, escaped } = this;
    let i = 0;
    if (inString) {
      const end = stringEnd(chunk, 0, escaped);
      if (end < 0) {
        escaped = endsEscaping(chunk, 0, escaped);
        i = chunk.length;
      } else {
        inString = false;
        escaped = false;
        if (this.keyStart >= 0) this.keyRead(chunk, end);
        i = end + 1;
      }
    }
    for (; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (depth === 0) {
        if (this.closed || c !== OPEN_BRACKET) {
          if (!isSpace(c)) throw new SyntaxError(`${this.closed ? 'text after the array' : 'not a JSON array'} at byte ${this.offset + i}`);
        } else {
          depth = 1;
          from = i + 1;
        }
      } else if (c === QUOTE) {
        if (depth === 2 && this.expectKey && this.keepKeys) this.keyStart = this.offset + i;
        // A string's content is skipped by indexOf: most of the bytes are in strings.
        const end = stringEnd(chunk, i + 1, false);
        if (end < 0) {
          inString = true;
          escaped = endsEscaping(chunk, i + 1, false);
          break;
        }
        if (this.keyStart >= 0) this.keyRead(chunk, end);
        i = end;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        depth++;
        if (depth === 2) {
          this.inObject = c === OPEN_BRACE;
          this.expectKey = this.inObject;
          this.keptKeys = 0;
        }
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 1 && this.cutFrom >= 0) this.endCut(this.offset + i);
        if (depth === 0) {
          this.closed = true;
          boundary = i;
        }
      } else if (c === COMMA) {
        if (depth === 1) boundary = i;
        else if (depth === 2 && this.inObject) {
          if (this.cutFrom >= 0) this.endCut(this.offset + i + (this.cutComma ? 1 : 0));
          this.lastComma = this.offset + i;
          this.expectKey = true;
        }
      } else if (c === COLON && depth === 2) this.expectKey = false;
    }
    // A key the chunk's end cuts in two: its first bytes are kept to compare when it ends.
    if (this.keyStart >= 0) {
      const head = chunk.subarray(Math.max(0, this.keyStart + 1 - this.offset));
      this.keyHead = this.keyHead ? Buffer.concat([this.keyHead, head]) : head;
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    const chunkStart = this.offset;
    this.offset += chunk.length;
    if (from > 0) {
      this.pending = [];
      this.pendingStart = chunkStart + from;
    }
    if (boundary < 0) {
      if (this.depth > 0) this.pending.push(from > 0 ? chunk.subarray(from) : chunk);
      return;
    }
    const complete = this.withoutCuts([...this.pending, chunk.subarray(from, boundary)], this.pendingStart);
    this.pending = [chunk.subarray(boundary + 1)];
    this.pendingStart = chunkStart + boundary + 1;
    this.parse(complete, chunk[boundary] === COMMA);
  }

  /** The items, once the whole array was read; throws when the text ended inside it. */
  end(): T[] {
    if (!this.closed) throw new SyntaxError(`the array ends early, after ${this.offset} bytes`);
    return this.items;
  }

  /** An item's key ends at `close` of `chunk` (which starts at `this.offset`): cut from here unless it is kept. */
  private keyRead(chunk: Buffer, close: number): void {
    const tail = chunk.subarray(Math.max(0, this.keyStart + 1 - this.offset), close);
    const key = this.keyHead ? Buffer.concat([this.keyHead, tail]) : tail;
    const start = this.keyStart;
    this.keyStart = -1;
    this.keyHead = undefined;
    if (this.keepKeys?.some((kept) => kept.equals(key))) {
      this.keptKeys++;
      return;
    }
    // The comma before it goes with it; the first key takes the comma after it instead.
    this.cutComma = this.keptKeys === 0;
    this.cutFrom = this.cutComma ? start : this.lastComma;
  }

  private endCut(to: number): void {
    this.cuts.push(this.cutFrom, to);
    this.cutFrom = -1;
  }

  /**
   * The pieces (starting at offset `start`) as one text between brackets, without the cuts that end in them; the
   * others stay for the next batch.
   */
  private withoutCuts(pieces: Buffer[], start: number): Buffer {
    const text = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
    const end = start + text.length;
    const parts: Buffer[] = [OPEN];
    let at = start;
    let taken = 0;
    for (; taken < this.cuts.length && this.cuts[taken + 1]! <= end; taken += 2) {
      parts.push(text.subarray(at - start, this.cuts[taken]! - start));
      at = this.cuts[taken + 1]!;
    }
    parts.push(text.subarray(at - start), CLOSE);
    if (taken > 0) this.cuts = this.cuts.slice(taken);
    return Buffer.concat(parts);
  }

  /** `text`: the items between two boundaries, in brackets; `beforeComma`: the later boundary is a comma. */
  private parse(text: Buffer, beforeComma: boolean): void {
    let start = 1;
    while (start < text.length - 1 && isSpace(text[start]!)) start++;
    const empty = start === text.length - 1;
    // An empty batch is only the empty array's: between two commas, or a comma and the closing bracket, an item is missing.
    if (empty && (beforeComma || this.afterComma)) throw new SyntaxError(`an item is missing before byte ${this.offset}`);
    this.afterComma = beforeComma;
    if (empty) return;
    const values: unknown[] = JSON.parse(text.toString('utf8'));
    for (const value of values) this.items.push(this.item(value, this.items.length));
  }
}

const OPEN = Buffer.from('[');
const CLOSE = Buffer.from(']');
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

/** The quote ending a string whose content starts at `from` (`escaped`: its first byte is escaped), or -1 past the chunk. */
function stringEnd(chunk: Buffer, from: number, escaped: boolean): number {
  const start = escaped ? from + 1 : from;
  let at = start;
  for (;;) {
    const quote = chunk.indexOf(QUOTE, at);
    if (quote < 0) return -1;
    let k = quote - 1;
    while (k >= start && chunk[k] === BACKSLASH) k--;
    if ((quote - 1 - k) % 2 === 0) return quote;
    at = quote + 1;
  }
}

/** Whether a chunk ending inside a string escapes the next chunk's first byte (ends in an odd run of backslashes). */
function endsEscaping(chunk: Buffer, from: number, escaped: boolean): boolean {
  const start = escaped ? from + 1 : from;
  let k = chunk.length - 1;
  while (k >= start && chunk[k] === BACKSLASH) k--;
  return (chunk.length - 1 - k) % 2 === 1;
}
