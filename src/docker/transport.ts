import type { Duplex } from 'node:stream';

export interface OpenStreamOptions {
  /** Gives up waiting for a free channel or for the connection when aborted. */
  signal?: AbortSignal;
  /**
   * The caller reads the answer to its end as it arrives (a request's answer, not a followed stream): the transport
   * may let the engine send ahead without waiting for the caller to take each part.
   */
  readWhole?: boolean;
}

/** A way to reach one Docker Engine: each stream is one HTTP connection to its API. */
export interface DockerTransport {
  /** Stable identity, e.g. the server id; used in errors and logs. */
  readonly id: string;
  openStream(options?: OpenStreamOptions): Promise<Duplex>;
  close(): Promise<void>;
}
