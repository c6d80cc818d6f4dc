/**
 * The thread that scans the JSON array answers read through `OffThreadArrayReader`: the bytes of each read come in
 * order, the kept text of the items they complete goes back as bytes, JSON.parse and the items stay on the main thread.
 */
import { parentPort } from 'node:worker_threads';
import { JsonArrayScanner } from './json-array-reader.ts';
import type { ScanAnswer, ScanRequest } from './off-thread-reader.ts';

const port = parentPort!;
const scanners = new Map<number, JsonArrayScanner>();
const answer = (message: ScanAnswer) => port.postMessage(message, 'batch' in message ? [message.batch, ...(message.text ? [message.text] : [])] : []);

port.on('message', (request: ScanRequest) => {
  const { id } = request;
  if ('keep' in request) {
    scanners.set(id, new JsonArrayScanner({ keep: request.keep }));
    return;
  }
  const scanner = scanners.get(id);
  // A read already failed or given up: what was on its way is dropped.
  if (!scanner) return;
  if ('drop' in request) {
    scanners.delete(id);
    return;
  }
  try {
    const { bytes, last } = request;
    const kept = scanner.push(bytes);
    if (last) {
      scanner.end();
      scanners.delete(id);
    }
    // Every batch is answered, to give its memory back.
    // The kept text's memory is its own (JsonArrayScanner.push): it moves to the main thread, no copy.
    answer({ id, text: kept.length ? (kept.buffer as ArrayBuffer) : undefined, last, batch: bytes.buffer as ArrayBuffer });
  } catch (error) {
    scanners.delete(id);
    answer({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
