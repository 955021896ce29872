/** Data keys for tests that need no key file: one fresh key, held in memory. */
import { formatEnvKey, newKey, parseEnvKeys } from '../lib/data-keys.ts';
import { Vault } from '../lib/vault.ts';

export function memoryVault(): Vault {
  return new Vault(parseEnvKeys(formatEnvKey(newKey(new Date()))));
}
