/**
 * Reads a JSON array as its bytes arrive. The items complete so far are parsed together (one JSON.parse per batch)
 * and each is handed to `item` at once, which keeps what it uses: a 12 MB list of 10,000 tasks is never held whole,
 * neither as text nor as a tree of every field, and parsing overlaps the transfer instead of following it.
 *
 * Only the array's own commas are looked for (outside strings, at depth 1); the items' JSON is JSON.parse's to check.
 */
export class JsonArrayReader<T> {
  private readonly items: T[] = [];
  /** Bytes after the last item boundary (the opening bracket or a comma between items). */
  private pending: Buffer[] = [];
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Whether the closing bracket was read. */
  private closed = false;
  /** Whether the last boundary was a comma (an item must follow). */
  private afterComma = false;
  /** Bytes read so far, for error positions. */
  private offset = 0;

  constructor(private readonly item: (value: unknown, index: number) => T) {}

  push(chunk: Buffer): void {
    /** Where this chunk's part of the array starts: after the opening bracket when it is in this chunk. */
    let from = 0;
    let boundary = -1;
    let { depth, inString, escaped } = this;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
      } else if (depth === 0) {
        if (this.closed || c !== OPEN_BRACKET) {
          if (!isSpace(c)) throw new SyntaxError(`${this.closed ? 'text after the array' : 'not a JSON array'} at byte ${this.offset + i}`);
        } else {
          depth = 1;
          from = i + 1;
        }
      } else if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) {
          this.closed = true;
          boundary = i;
        }
      } else if (c === COMMA && depth === 1) boundary = i;
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    this.offset += chunk.length;
    if (from > 0) this.pending = [];
    if (boundary < 0) {
      if (this.depth > 0) this.pending.push(from > 0 ? chunk.subarray(from) : chunk);
      return;
    }
    const complete = Buffer.concat([...this.pending, chunk.subarray(from, boundary)]);
    this.pending = [chunk.subarray(boundary + 1)];
    this.parse(complete, chunk[boundary] === COMMA);
  }

  /** The items, once the whole array was read; throws when the text ended inside it. */
  end(): T[] {
    if (!this.closed) throw new SyntaxError(`the array ends early, after ${this.offset} bytes`);
    return this.items;
  }

  /** `text`: the items between two boundaries, without them; `beforeComma`: the later boundary is a comma. */
  private parse(text: Buffer, beforeComma: boolean): void {
    let start = 0;
    while (start < text.length && isSpace(text[start]!)) start++;
    const empty = start === text.length;
    // An empty batch is only the empty array's: between two commas, or a comma and the closing bracket, an item is missing.
    if (empty && (beforeComma || this.afterComma)) throw new SyntaxError(`an item is missing before byte ${this.offset}`);
    this.afterComma = beforeComma;
    if (empty) return;
    const values: unknown[] = JSON.parse(`[${text.toString('utf8', start)}]`);
    for (const value of values) this.items.push(this.item(value, this.items.length));
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
