/**
 * The thread that scans the JSON array answers read through `OffThreadArrayReader`: the bytes of each read come in
 * order, the kept text of the items they complete goes back, JSON.parse and the items stay on the main thread.
 */
import { parentPort } from 'node:worker_threads';
import { JsonArrayScanner } from './json-array-reader.ts';
import type { ScanAnswer, ScanRequest } from './off-thread-reader.ts';

const port = parentPort!;
const scanners = new Map<number, { scanner: JsonArrayScanner; packed: boolean }>();
const answer = (message: ScanAnswer) => port.postMessage(message, 'batch' in message ? [message.batch, ...(message.bytes ? [message.bytes] : [])] : []);

port.on('message', (request: ScanRequest) => {
  const { id } = request;
  if ('keep' in request) {
    scanners.set(id, { scanner: new JsonArrayScanner({ keep: request.keep }), packed: request.packed });
    return;
  }
  const read = scanners.get(id);
  // A read already failed or given up: what was on its way is dropped.
  if (!read) return;
  if ('drop' in request) {
    scanners.delete(id);
    return;
  }
  try {
    const { bytes, last } = request;
    const kept = read.scanner.push(bytes);
    if (last) {
      read.scanner.end();
      scanners.delete(id);
    }
    // Every batch is answered, to give its memory back. The text is decoded here, off the main thread; for a list kept
    // packed its bytes go too, moved (their memory is their own: JsonArrayScanner.push), not copied.
    const packed = read.packed && kept.length > 0 ? (kept.buffer as ArrayBuffer) : undefined;
    answer({ id, text: kept.toString('utf8'), bytes: packed, last, batch: bytes.buffer as ArrayBuffer });
  } catch (error) {
    scanners.delete(id);
    answer({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
