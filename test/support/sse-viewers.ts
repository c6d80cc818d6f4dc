/**
 * Browser-like viewers of a cluster's live stream without a browser: each a fetch of `/live` with a session cookie,
 * read as an EventSource reads it, every frame kept with the time it arrived. Shared by the live lab test
 * (correctness) and `npm run bench:live` (timings).
 */

export interface SseFrame {
  /** `performance.timeOrigin + performance.now()` when the frame was read: the same clock as `Date.now()`. */
  at: number;
  event: string;
  data: string;
}

export interface SseViewer {
  frames: SseFrame[];
  /** Frames of one event type, their data parsed. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read the frames they expect without declaring each shape
  of<T = any>(event: string): { at: number; data: T }[];
}

export interface SseViewers {
  viewers: SseViewer[];
  /** Streams that failed or ended before `close`. */
  failures: string[];
  /** Waits until every viewer's stream has ended after an abort. */
  close(): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();

/** Opens `count` viewers of `url`, each once its first frame has arrived. */
export async function openSseViewers(url: string, cookie: string, count: number): Promise<SseViewers> {
  const abort = new AbortController();
  const reading: Promise<void>[] = [];
  const viewers: SseViewer[] = [];
  const failures: string[] = [];
  const opened: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const frames: SseFrame[] = [];
    viewers.push({
      frames,
      of: (event) => frames.filter((f) => f.event === event).map((f) => ({ at: f.at, data: JSON.parse(f.data) })),
    });
    let firstFrame!: () => void;
    opened.push(new Promise<void>((resolve) => (firstFrame = resolve)));
    const read = (async () => {
      const res = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal: abort.signal });
      if (res.status !== 200 || !res.body) throw new Error(`viewer ${i}: ${res.status}`);
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data !== undefined) {
            frames.push({ at: now(), event, data });
            firstFrame();
          }
        }
      }
      if (!abort.signal.aborted) failures.push(`viewer ${i}: the stream ended`);
    })().catch((error: unknown) => {
      firstFrame();
      if (!abort.signal.aborted) failures.push(`viewer ${i}: ${(error as Error).message}`);
    });
    reading.push(read);
  }
  await Promise.all(opened);
  return {
    viewers,
    failures,
    async close() {
      abort.abort();
      await Promise.all(reading);
    },
  };
}
