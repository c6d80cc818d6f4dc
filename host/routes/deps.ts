import type { HostLogger, HostServices } from '../../src/contract/host.ts';
import type { PasswordCost } from '../auth/password.ts';
import type { HostCipher } from '../crypto.ts';
import type { HostDb } from '../db/open.ts';
import type { HostExtensions } from '../extensions.ts';

/** What the host's route modules need. */
export interface RouteDeps {
  db: HostDb;
  cipher: HostCipher;
  logger: HostLogger;
  services: HostServices;
  extensions: HostExtensions;
  /** scrypt's cost for the passwords this host hashes. */
  passwordCost: PasswordCost;
}
