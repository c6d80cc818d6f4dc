import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type KeepShape, parseItems } from './json-array-reader.ts';
import { notePacked } from './packed-list.ts';

/**
 * Reads a JSON array as its bytes arrive, with the byte scan (`JsonArrayScanner`) on a thread of its own: the scan of
 * a large answer (12 MB for 10,000 tasks) is most of a read's CPU, and the main thread, which also decrypts and
 * parses the HTTP of the transfer, is saturated while it lasts. The bytes go to the thread in batches; the kept text
 * of the items they complete comes back and is parsed here (`parseItems`), each item handed to `item` at once, which
 * keeps what it uses. With `packed`, the kept text stays with the items too (`packedList`).
 */
export class OffThreadArrayReader<T> {
  private readonly items: T[] = [];
  private readonly id: number;
  private batch = scanThread.batch();
  private used = 0;
  private settled = false;
  /** The items once the scan thread answered the last bytes; rejected by what the scan or `item` threw. */
  readonly result: Promise<T[]>;
  private settle!: { resolve: (items: T[]) => void; reject: (error: unknown) => void };
  /** The kept text of the items so far, when the list is to be kept packed. */
  private readonly texts: Buffer[] | undefined;

  constructor(
    private readonly item: (value: unknown, index: number) => T,
    options: { keep?: KeepShape; packed?: boolean } = {},
  ) {
    this.result = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    if (options.packed) this.texts = [];
    this.id = scanThread.open(options.keep, options.packed === true, (answer) => this.answered(answer));
  }

  push(chunk: Buffer): void {
    let from = 0;
    while (from < chunk.length && !this.settled) {
      const copied = chunk.copy(this.batch, this.used, from);
      this.used += copied;
      from += copied;
      if (this.used === BATCH_BYTES) this.send(false);
    }
  }

  /** The bytes ended: `result` settles when the scan thread has answered them all. */
  end(): void {
    if (!this.settled) this.send(true);
  }

  /** Nothing more is read (the answer failed): the scan thread drops the read, `result` stays unsettled. */
  cancel(): void {
    if (this.settled) return;
    this.settled = true;
    scanThread.drop(this.id);
  }

  private send(last: boolean): void {
    // The batch's memory moves to the scan thread (no copy), which gives it back with its answer.
    const bytes = this.used === BATCH_BYTES ? this.batch : this.batch.subarray(0, this.used);
    scanThread.send({ id: this.id, bytes, last }, [this.batch.buffer as ArrayBuffer]);
    if (last) return;
    this.batch = scanThread.batch();
    this.used = 0;
  }

  private answered(answer: ScanAnswer | Error): void {
    if (this.settled) return;
    try {
      if (answer instanceof Error) throw answer;
      if ('error' in answer) throw new SyntaxError(answer.error);
      parseItems(answer.text, this.item, this.items);
      if (answer.bytes) this.texts?.push(Buffer.from(answer.bytes));
      if (!answer.last) return;
      this.settled = true;
      scanThread.close(this.id);
      if (this.texts) notePacked(this.items, { texts: this.texts, item: this.item });
      this.settle.resolve(this.items);
    } catch (error) {
      this.settled = true;
      scanThread.drop(this.id);
      this.settle.reject(error);
    }
  }
}

/** Bytes per message to the scan thread: ~190 messages for 12 MB, and ~1 ms of scan each. */
const BATCH_BYTES = 64 * 1024;
/** Batches kept for reuse: more than a few reads at once keep on their way. */
const SPARE_BATCHES = 32;

export type ScanRequest =
  | { id: number; keep: KeepShape | undefined; packed: boolean }
  | { id: number; bytes: Uint8Array; last: boolean }
  | { id: number; drop: true };

/**
 * `text`: the kept text of the items completed ('' for none); `bytes`: the same as UTF-8, for a read kept packed;
 * `batch`: the memory of the bytes scanned, given back for another batch.
 */
export type ScanAnswer = { id: number; text: string; bytes: ArrayBuffer | undefined; last: boolean; batch: ArrayBuffer } | { id: number; error: string };

/** The one scan thread of the process, started on the first read; it keeps the process alive only while reads are open. */
class ScanThread {
  private worker: Worker | undefined;
  private readonly reads = new Map<number, (answer: ScanAnswer | Error) => void>();
  private nextId = 1;
  /**
   * Batches' memory the thread gave back. Passed to and fro instead of allocated per batch: the thread allocates
   * too little for its collector to run often, so the batches it received (12 MB per read of 10,000 tasks) piled up
   * until one did.
   */
  private readonly spare: ArrayBuffer[] = [];

  /** Memory for a batch of bytes. */
  batch(): Buffer {
    const memory = this.spare.pop();
    return memory ? Buffer.from(memory) : Buffer.allocUnsafeSlow(BATCH_BYTES);
  }

  open(keep: KeepShape | undefined, packed: boolean, listener: (answer: ScanAnswer | Error) => void): number {
    const id = this.nextId++;
    this.reads.set(id, listener);
    const worker = (this.worker ??= this.start());
    if (this.reads.size === 1) worker.ref();
    worker.postMessage({ id, keep, packed } satisfies ScanRequest);
    return id;
  }

  send(request: ScanRequest, transfer: ArrayBuffer[]): void {
    this.worker?.postMessage(request, transfer);
  }

  /** The read is over: its answers all came. */
  close(id: number): void {
    this.reads.delete(id);
    if (this.reads.size === 0) this.worker?.unref();
  }

  /** The read is given up: the thread forgets it and drops its bytes still on their way. */
  drop(id: number): void {
    if (!this.reads.has(id)) return;
    this.send({ id, drop: true }, []);
    this.close(id);
  }

  private start(): Worker {
    const worker = startScanWorker();
    worker.on('message', (answer: ScanAnswer) => {
      if ('batch' in answer && this.spare.length < SPARE_BATCHES) this.spare.push(answer.batch);
      this.reads.get(answer.id)?.(answer);
    });
    const stopped = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const reads = [...this.reads.values()];
      this.reads.clear();
      for (const listener of reads) listener(error);
    };
    worker.on('error', (error) => stopped(new Error(`the JSON scan thread failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => stopped(new Error(`the JSON scan thread exited (${code})`)));
    return worker;
  }
}

/**
 * What the scan thread keeps between batches is a few KiB; what it allocates (each batch's kept text, ~25 KiB) dies
 * at once. A young generation of 4 MB instead of V8's default (up to 48) keeps the thread's memory small.
 */
const SCAN_THREAD_LIMITS = { maxYoungGenerationSizeMb: 4 };

function startScanWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./json-scan-worker.js', import.meta.url), { resourceLimits: SCAN_THREAD_LIMITS });
  // From the TypeScript sources (tsx, vitest): Node 20 puts no module hooks on a worker's ESM entry, so tsx's
  // CommonJS hook compiles the worker's module.
  const file = fileURLToPath(new URL('./json-scan-worker.ts', import.meta.url));
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  // tsx compiles with esbuild, whose synchronous calls start a thread of their own (~15 MB more): a process instead.
  const env = { ...process.env, ESBUILD_WORKER_THREADS: '0' };
  return new Worker(`require(${JSON.stringify(tsx)}).require(${JSON.stringify(file)}, ${JSON.stringify(file)})`, {
    eval: true,
    env,
    resourceLimits: SCAN_THREAD_LIMITS,
  });
}

const scanThread = new ScanThread();
