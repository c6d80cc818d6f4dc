export { MAX_API_VERSION, MIN_API_VERSION, negotiateApiVersion } from './api-version.ts';
export { DockerError, type DockerErrorCode, HostKeyMismatchError, isNoLeader, isUpdateOutOfSequence } from './errors.ts';
export { type HostKeyStore, hostKeyFingerprint, MemoryHostKeyStore } from './host-keys.ts';
export { type EngineRequest, type EngineResponse, type EngineStream, engineRequest, engineStream } from './http.ts';
export { LocalTransport } from './local-transport.ts';
export { type PackedList, packedList, unpackList } from './packed-list.ts';
export * from './schemas.ts';
export { type ServerSshStats, SshConnectionPool, type SshConnectionPoolOptions, type SshServer } from './ssh-pool.ts';
export { SshStreamTransport, STREAMS_PER_CONNECTION } from './ssh-stream-transport.ts';
export { SshTransport, type SshTransportOptions, type SshTransportStats } from './ssh-transport.ts';
export {
  type EventFilters,
  type ListReading,
  type PingResult,
  type RequestOptions,
  type StreamOptions,
  SwarmClient,
  type SwarmClientOptions,
  type TaskFilters,
} from './swarm-client.ts';
export type { DockerTransport, OpenStreamOptions } from './transport.ts';
export { type UpdateWithRetryOptions, updateWithRetry, type WriteRecord } from './update-with-retry.ts';
