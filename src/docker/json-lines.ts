/** Yields each complete line of a byte stream; a line split across chunks is joined first. */
export async function* readLines(stream: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  let pending = '';
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of stream) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line) yield line;
      newline = pending.indexOf('\n');
    }
  }
  pending += decoder.decode();
  if (pending.trim()) yield pending.trim();
}

/**
 * Parses one `/events` line. `timeNano` (~1.7e18) does not fit a double, so its digits are quoted before
 * JSON.parse and kept exact as text.
 */
export function parseEventLine(line: string): unknown {
  return JSON.parse(line.replace(/"timeNano":(\d+)/g, '"timeNano":"$1"'));
}
