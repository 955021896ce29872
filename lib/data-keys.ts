/**
 * The keys that encrypt people's data at rest (lib/vault.ts). They come from a key file
 * (DATA_KEY_FILE, default DATA_DIR/keys.json, readable by its owner only) or, when the deployment
 * prefers, from the environment (DATA_KEYS). A key file holds several keys, each with an id, and
 * says which one is active: new values are sealed with the active key, older values keep naming the
 * key they were sealed with, so a key can be rotated (`tgpl keys rotate`) without losing anything.
 *
 * Key file (JSON):
 *
 *     { "format": "tgpl-data-keys/1", "active": "k20261121a3f9",
 *       "keys": [{ "id": "k20261121a3f9", "created": "2026-11-21T03:00:00.000Z", "secret": "<32 bytes, base64>" }] }
 *
 * DATA_KEYS: "id:base64secret" entries separated by commas, the first one active.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { ensureParentDir, isShared, tightenIfPresent, writePrivateFileAtomically } from './private-files.ts';

export const KEY_FILE_FORMAT = 'tgpl-data-keys/1';
/** Bytes of each key's secret (AES-256 and HMAC-SHA-256 keys are derived from it). */
export const SECRET_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,40}$/u;

/** A missing, unreadable or damaged key (file or setting); the message is one line naming it. */
export class KeyFileError extends Error {
  override name = 'KeyFileError';
}

export interface DataKey {
  id: string;
  secret: Buffer;
  /** When it was made (ISO), when known. */
  created?: string;
}

export type KeySource = { kind: 'file'; file: string } | { kind: 'env'; variable: 'DATA_KEYS' };

/** The keys known now, and which one seals new values. */
export interface KeySet {
  keys: DataKey[];
  activeId: string;
  source: KeySource;
}

const fileSchema = z.strictObject({
  format: z.literal(KEY_FILE_FORMAT),
  note: z.string().optional(),
  active: z.string().regex(KEY_ID),
  keys: z
    .array(z.strictObject({ id: z.string().regex(KEY_ID), created: z.string().optional(), secret: z.string() }))
    .min(1),
});

const FILE_NOTE =
  'Khóa mã hóa dữ liệu cá nhân của trợ lý TGPL. Giữ bí mật, chỉ chủ sở hữu được đọc. Mất tệp này là mất dữ liệu đã mã hóa: sao lưu nó riêng, không để cùng chỗ với bản sao lưu cơ sở dữ liệu.';

/** A new key with a readable, unique id ("k20261121a3f9"). */
export function newKey(now: Date): DataKey {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  return { id: `k${day}${randomBytes(2).toString('hex')}`, secret: randomBytes(SECRET_BYTES), created: now.toISOString() };
}

/** A key as one DATA_KEYS entry ("id:base64"). */
export function formatEnvKey(key: DataKey): string {
  return `${key.id}:${key.secret.toString('base64')}`;
}

function decodeSecret(text: string, where: string): Buffer {
  const secret = Buffer.from(text.replaceAll('-', '+').replaceAll('_', '/'), 'base64');
  if (secret.length !== SECRET_BYTES || !/^[A-Za-z0-9+/_-]+=*$/u.test(text)) {
    throw new KeyFileError(`${where}: khóa phải là ${SECRET_BYTES} byte viết dạng base64 (key must be ${SECRET_BYTES} bytes, base64)`);
  }
  return secret;
}

function checked(keys: DataKey[], activeId: string, source: KeySource, where: string): KeySet {
  const ids = new Set<string>();
  for (const key of keys) {
    if (ids.has(key.id)) throw new KeyFileError(`${where}: mã khóa "${key.id}" bị trùng (duplicate key id)`);
    ids.add(key.id);
  }
  if (!ids.has(activeId)) throw new KeyFileError(`${where}: khóa đang dùng "${activeId}" không có trong danh sách (active key not listed)`);
  return { keys, activeId, source };
}

/** Reads DATA_KEYS ("id:base64,id:base64", the first active). */
export function parseEnvKeys(value: string): KeySet {
  const where = 'Lỗi cấu hình: DATA_KEYS';
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) throw new KeyFileError(`${where} đang trống (empty)`);
  const keys = entries.map((entry) => {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    if (!KEY_ID.test(id)) throw new KeyFileError(`${where}: mỗi khóa viết "mã:base64", mã gồm chữ, số, _ hoặc - (each entry is id:base64)`);
    return { id, secret: decodeSecret(entry.slice(colon + 1), where) };
  });
  return checked(keys, keys[0]!.id, { kind: 'env', variable: 'DATA_KEYS' }, where);
}

/** Reads a key file; a missing, unreadable or damaged one is a KeyFileError naming it. */
export function readKeyFile(file: string): KeySet {
  const where = `Tệp khóa dữ liệu ${file}`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new KeyFileError(`${where} không có (missing key file)`);
    if (code === 'EACCES' || code === 'EPERM') throw new KeyFileError(`${where}: không có quyền đọc (permission denied)`);
    throw new KeyFileError(`${where}: không đọc được (${code ?? 'unreadable'})`);
  }
  let parsed: z.infer<typeof fileSchema>;
  try {
    const result = fileSchema.safeParse(JSON.parse(text));
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw new KeyFileError(`${where} bị hỏng: ${issue.path.join('.') || 'nội dung'} không hợp lệ (damaged key file)`);
    }
    parsed = result.data;
  } catch (err) {
    if (err instanceof KeyFileError) throw err;
    throw new KeyFileError(`${where} bị hỏng: không phải JSON (damaged key file)`);
  }
  // A key file someone made readable to others is put back to owner-only.
  if (isShared(file)) tightenIfPresent(file);
  const keys = parsed.keys.map((k) => ({ id: k.id, created: k.created, secret: decodeSecret(k.secret, where) }));
  return checked(keys, parsed.active, { kind: 'file', file }, where);
}

function keyFileText(set: { keys: DataKey[]; activeId: string }): string {
  const content = {
    format: KEY_FILE_FORMAT,
    note: FILE_NOTE,
    active: set.activeId,
    keys: set.keys.map((k) => ({ id: k.id, ...(k.created ? { created: k.created } : {}), secret: k.secret.toString('base64') })),
  };
  return `${JSON.stringify(content, null, 2)}\n`;
}

/** Makes a new key file with one key (0600, in a 0700 folder when the folder is new). */
export function createKeyFile(file: string, now: Date): KeySet {
  if (existsSync(file)) throw new KeyFileError(`Tệp khóa dữ liệu ${file} đã có (key file exists)`);
  ensureParentDir(file);
  const key = newKey(now);
  try {
    writePrivateFileAtomically(file, keyFileText({ keys: [key], activeId: key.id }));
  } catch (err) {
    throw new KeyFileError(`Không tạo được tệp khóa dữ liệu ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message.split('\n')[0]}`);
  }
  return { keys: [key], activeId: key.id, source: { kind: 'file', file } };
}

/** Adds a new key to a key file and makes it the active one; older keys stay (old values name them). */
export function addKeyToFile(file: string, now: Date): KeySet {
  const current = readKeyFile(file);
  let key = newKey(now);
  while (current.keys.some((k) => k.id === key.id)) key = newKey(now);
  const next = { keys: [...current.keys, key], activeId: key.id };
  try {
    writePrivateFileAtomically(file, keyFileText(next));
  } catch (err) {
    throw new KeyFileError(`Không ghi được tệp khóa dữ liệu ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message.split('\n')[0]}`);
  }
  return { ...next, source: { kind: 'file', file } };
}

/** Where the keys come from, as the settings say. */
export interface KeySettings {
  /** The key file (DATA_KEY_FILE). */
  file: string;
  /** DATA_KEYS, when set: used instead of the file. */
  envKeys?: string;
}

/**
 * The keys to use: DATA_KEYS when set, else the key file. A missing key file is made (one new key)
 * only when `mayCreate` (a database that has never held sealed values); otherwise it is an error,
 * since making a new key would leave the existing values unreadable.
 */
export function loadKeys(settings: KeySettings, options: { mayCreate: boolean; now: Date }): { set: KeySet; created: boolean } {
  if (settings.envKeys !== undefined) return { set: parseEnvKeys(settings.envKeys), created: false };
  if (!existsSync(settings.file)) {
    if (!options.mayCreate) {
      throw new KeyFileError(
        `Thiếu tệp khóa dữ liệu ${settings.file}: cơ sở dữ liệu đã có dữ liệu mã hóa, không có khóa thì không đọc được; hãy chép lại tệp khóa từ bản lưu riêng (missing key file)`,
      );
    }
    return { set: createKeyFile(settings.file, options.now), created: true };
  }
  return { set: readKeyFile(settings.file), created: false };
}

/** The key file's modification time (ms), or undefined when it is gone. */
export function keyFileVersion(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}
