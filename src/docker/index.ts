export { DockerError, HostKeyMismatchError, isNoLeader, isUpdateOutOfSequence, type DockerErrorCode } from './errors.ts';
export type { DockerTransport, OpenStreamOptions } from './transport.ts';
export { LocalTransport } from './local-transport.ts';
export { SshTransport, type SshTransportOptions, type SshTransportStats } from './ssh-transport.ts';
export { SshConnectionPool, type ServerSshStats, type SshConnectionPoolOptions, type SshServer } from './ssh-pool.ts';
export { SshStreamTransport, STREAMS_PER_CONNECTION } from './ssh-stream-transport.ts';
export { MemoryHostKeyStore, hostKeyFingerprint, type HostKeyStore } from './host-keys.ts';
export { engineRequest, engineStream, type EngineRequest, type EngineResponse, type EngineStream } from './http.ts';
export { MAX_API_VERSION, MIN_API_VERSION, negotiateApiVersion } from './api-version.ts';
export {
  SwarmClient,
  type EventFilters,
  type PingResult,
  type RequestOptions,
  type StreamOptions,
  type SwarmClientOptions,
  type TaskFilters,
} from './swarm-client.ts';
export { updateWithRetry, type UpdateWithRetryOptions, type WriteRecord } from './update-with-retry.ts';
export * from './schemas.ts';
