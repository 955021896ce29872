/**
 * Personal data at rest: every field that can hold a name, a phone number, an address, a story or a
 * message is sealed with AES-256-GCM (node:crypto) before it reaches SQLite, and opened when read.
 *
 *     enc:v1:<keyId>:<iv>:<tag>:<ciphertext>        (iv, tag and ciphertext in base64url)
 *
 * The key id names the key that sealed the value, so keys can rotate; the authenticated data binds
 * the value to its column ("tickets.draft"), so a value copied into another column does not open.
 * An empty string stays empty (it says nothing about anyone).
 *
 * Equality lookups (tickets by phone number) go through a keyed HMAC, never through the plain value:
 * `lookup` gives "<keyId>.<mac>" with the active key, `lookupCandidates` one per known key (a value
 * written before a rotation is still found). Log pseudonyms are a keyed HMAC too. Each purpose has
 * its own key, derived from the key's secret with HKDF, so no key serves two purposes.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { keyFileVersion, readKeyFile, type DataKey, type KeySet } from './data-keys.ts';

const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Lookup MACs are cut to this many bytes (128 bits: no collisions in practice). */
const LOOKUP_BYTES = 16;
/** How often (ms) a key file is checked for a key added by `tgpl keys rotate` in another process. */
const RELOAD_EVERY_MS = 10_000;

/** A value that does not open: no such key, damaged, or sealed for another column. */
export class VaultError extends Error {
  override name = 'VaultError';
}

interface DerivedKeys {
  encryption: Buffer;
  lookup: Buffer;
  pseudonym: Buffer;
}

function derive(secret: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'tgpl-data-keys/1', purpose, 32));
}

export class Vault {
  private set: KeySet;
  private readonly derived = new Map<string, DerivedKeys>();
  private fileVersion: number | undefined;
  private checkedAt = 0;

  constructor(keys: KeySet) {
    this.set = keys;
    this.fileVersion = keys.source.kind === 'file' ? keyFileVersion(keys.source.file) : undefined;
    this.checkedAt = Date.now();
  }

  /** The id of the key that seals new values. */
  get activeKeyId(): string {
    this.reloadIfChanged();
    return this.set.activeId;
  }

  /** Every key known now (the active one and older ones). */
  get keyIds(): string[] {
    return this.set.keys.map((k) => k.id);
  }

  get source(): KeySet['source'] {
    return this.set.source;
  }

  /** Reads the key file again now (after `tgpl keys rotate` added a key to it). */
  refresh(): void {
    this.reload();
  }

  /** Seals `plain` for the column `context` ("tickets.draft") with the active key. */
  seal(plain: string, context: string): string {
    if (plain === '') return '';
    const id = this.activeKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys(id).encryption, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(id, context));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}${id}:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${body.toString('base64url')}`;
  }

  /** Opens a value sealed for `context`; throws a VaultError when it cannot. */
  open(sealed: string, context: string): string {
    if (sealed === '') return '';
    const parts = parse(sealed);
    if (!parts) throw new VaultError(`${context}: giá trị chưa được mã hóa hoặc sai dạng (not a sealed value)`);
    const keys = this.keysFor(parts.keyId, context);
    try {
      const decipher = createDecipheriv('aes-256-gcm', keys.encryption, parts.iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(parts.keyId, context));
      decipher.setAuthTag(parts.tag);
      return Buffer.concat([decipher.update(parts.body), decipher.final()]).toString('utf8');
    } catch {
      throw new VaultError(`${context}: giá trị không mở được bằng khóa "${parts.keyId}" (damaged, or sealed for another column)`);
    }
  }

  sealJson(value: unknown, context: string): string {
    return this.seal(JSON.stringify(value), context);
  }

  openJson<T>(sealed: string, context: string): T {
    return JSON.parse(this.open(sealed, context)) as T;
  }

  /** A sealed value sealed again with the active key (unchanged when it already is). */
  reseal(sealed: string, context: string): string {
    if (sealed === '' || keyIdOf(sealed) === this.activeKeyId) return sealed;
    return this.seal(this.open(sealed, context), context);
  }

  /** The keyed HMAC of a (normalised) value for equality lookups of `kind` ("phone"), with the active key. */
  lookup(kind: string, value: string): string {
    return this.mac(this.activeKeyId, kind, value);
  }

  /** The lookup values `value` may be stored under: one per known key, the active key's first. */
  lookupCandidates(kind: string, value: string): string[] {
    const active = this.activeKeyId;
    return [active, ...this.keyIds.filter((id) => id !== active)].map((id) => this.mac(id, kind, value));
  }

  /** A short keyed hash of a personal id (channel, chat id) for correlating log lines. */
  pseudonym(...parts: string[]): string {
    return createHmac('sha256', this.keys(this.activeKeyId).pseudonym).update(parts.join('\u0000')).digest('hex').slice(0, 16);
  }

  private mac(keyId: string, kind: string, value: string): string {
    const mac = createHmac('sha256', this.keys(keyId).lookup).update(`${kind}\u0000${value}`).digest().subarray(0, LOOKUP_BYTES);
    return `${keyId}.${mac.toString('base64url')}`;
  }

  private keysFor(keyId: string, context: string): DerivedKeys {
    if (!this.set.keys.some((k) => k.id === keyId)) this.reload();
    if (!this.set.keys.some((k) => k.id === keyId)) {
      throw new VaultError(`${context}: không có khóa "${keyId}" trong ${describeSource(this.set)} (unknown key)`);
    }
    return this.keys(keyId);
  }

  private keys(keyId: string): DerivedKeys {
    let derived = this.derived.get(keyId);
    if (!derived) {
      const key = this.set.keys.find((k) => k.id === keyId) as DataKey;
      derived = { encryption: derive(key.secret, 'aes-256-gcm'), lookup: derive(key.secret, 'hmac-lookup'), pseudonym: derive(key.secret, 'log-pseudonym') };
      this.derived.set(keyId, derived);
    }
    return derived;
  }

  /** Picks up a key file changed by another process (a rotation), checking at most every few seconds. */
  private reloadIfChanged(): void {
    if (this.set.source.kind !== 'file' || Date.now() - this.checkedAt < RELOAD_EVERY_MS) return;
    this.checkedAt = Date.now();
    if (keyFileVersion(this.set.source.file) === this.fileVersion) return;
    try {
      this.reload();
    } catch {
      // A key file being rewritten or damaged meanwhile: go on with the keys known; a value that
      // needs a new key reloads again (and reports the error then).
    }
  }

  private reload(): void {
    if (this.set.source.kind !== 'file') return;
    const file = this.set.source.file;
    this.checkedAt = Date.now();
    this.fileVersion = keyFileVersion(file);
    const next = readKeyFile(file);
    // A key once known is never forgotten by a running process (values it sealed must stay readable).
    const known = new Map(this.set.keys.map((k) => [k.id, k]));
    for (const key of next.keys) known.set(key.id, key);
    this.set = { ...next, keys: [...known.values()] };
  }
}

/** The key id a sealed value names, or undefined for a value that is not sealed. */
export function keyIdOf(value: string): string | undefined {
  return parse(value)?.keyId;
}

/** Whether a value is sealed (or empty, which needs no sealing). */
export function isSealed(value: string): boolean {
  return value === '' || parse(value) !== undefined;
}

function parse(value: string): { keyId: string; iv: Buffer; tag: Buffer; body: Buffer } | undefined {
  if (!value.startsWith(PREFIX)) return undefined;
  const parts = value.slice(PREFIX.length).split(':');
  if (parts.length !== 4) return undefined;
  const [keyId, iv, tag, body] = parts as [string, string, string, string];
  const decoded = { keyId, iv: Buffer.from(iv, 'base64url'), tag: Buffer.from(tag, 'base64url'), body: Buffer.from(body, 'base64url') };
  if (decoded.iv.length !== IV_BYTES || decoded.tag.length !== TAG_BYTES) return undefined;
  return decoded;
}

function aad(keyId: string, context: string): Buffer {
  return Buffer.from(`v1\u0000${keyId}\u0000${context}`, 'utf8');
}

function describeSource(set: KeySet): string {
  return set.source.kind === 'file' ? `tệp khóa ${set.source.file}` : 'DATA_KEYS';
}
