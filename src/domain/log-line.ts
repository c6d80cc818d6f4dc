/** One line of a service's logs, as the pages and the API show it (the Engine client reads them: docker/log-stream.ts). */
export type { LogLine } from '../docker/schemas.ts';
