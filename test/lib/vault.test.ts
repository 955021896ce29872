import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addKeyToFile, createKeyFile, formatEnvKey, newKey, parseEnvKeys, readKeyFile } from '../../lib/data-keys.ts';
import { isSealed, keyIdOf, Vault, VaultError } from '../../lib/vault.ts';
import { tempDir } from '../helpers.ts';

const NOW = new Date('2026-11-21T03:00:00Z');
const TEXT = 'Lò Văn Páo, 0912 345 678, bản Pá Hốc, xã Tà Xùa — "ngày mai tòa xử" 🙏';

describe('the vault (AES-256-GCM with key ids)', () => {
  it('seals and opens a value; the sealed form names its key and shows nothing of the text', () => {
    const vault = new Vault(parseEnvKeys(formatEnvKey(newKey(NOW))));
    const sealed = vault.seal(TEXT, 'tickets.draft');
    expect(sealed).toMatch(/^enc:v1:k20261121[0-9a-f]{4}:[\w-]{16}:[\w-]{22}:[\w-]+$/u);
    expect(keyIdOf(sealed)).toBe(vault.activeKeyId);
    expect(sealed).not.toContain('Páo');
    expect(Buffer.from(sealed.split(':').at(-1)!, 'base64url').toString('latin1')).not.toContain('0912');
    expect(vault.open(sealed, 'tickets.draft')).toBe(TEXT);
    // A fresh IV each time: the same text never seals the same way twice.
    expect(vault.seal(TEXT, 'tickets.draft')).not.toBe(sealed);
    expect(vault.openJson(vault.sealJson({ a: [1, 'b'] }, 'x'), 'x')).toEqual({ a: [1, 'b'] });
    // Empty stays empty (it says nothing about anyone).
    expect(vault.seal('', 'x')).toBe('');
    expect(vault.open('', 'x')).toBe('');
    expect(isSealed(sealed) && isSealed('') && !isSealed('{"text":"x"}')).toBe(true);
  });

  it('refuses a value sealed for another column, tampered with, plain, or under a key it does not have', () => {
    const vault = new Vault(parseEnvKeys(formatEnvKey(newKey(NOW))));
    const sealed = vault.seal(TEXT, 'tickets.draft');
    expect(() => vault.open(sealed, 'outbox.body')).toThrow(VaultError);
    const parts = sealed.split(':');
    const body = Buffer.from(parts[5]!, 'base64url');
    body[0] = body[0]! ^ 1;
    expect(() => vault.open([...parts.slice(0, 5), body.toString('base64url')].join(':'), 'tickets.draft')).toThrow(VaultError);
    expect(() => vault.open('{"text":"plain"}', 'tickets.draft')).toThrow(/not a sealed value/u);
    const other = new Vault(parseEnvKeys(formatEnvKey(newKey(NOW))));
    expect(() => other.open(sealed, 'tickets.draft')).toThrow(/unknown key/u);
  });

  it('keeps old keys readable after a rotation, re-seals with the new one, and finds lookups made with either', () => {
    const file = join(tempDir(), 'keys.json');
    const first = createKeyFile(file, NOW);
    const vault = new Vault(first);
    const old = vault.seal(TEXT, 'c');
    const oldLookup = vault.lookup('phone', '0912345678');
    // Another process (tgpl keys rotate) adds a key: this vault picks it up when asked to.
    const rotated = addKeyToFile(file, NOW);
    expect(rotated.keys.map((k) => k.id)).toEqual([first.activeId, rotated.activeId]);
    vault.refresh();
    expect(vault.activeKeyId).toBe(rotated.activeId);
    expect(vault.open(old, 'c')).toBe(TEXT);
    const resealed = vault.reseal(old, 'c');
    expect(keyIdOf(resealed)).toBe(rotated.activeId);
    expect(vault.open(resealed, 'c')).toBe(TEXT);
    expect(vault.reseal(resealed, 'c')).toBe(resealed);
    const candidates = vault.lookupCandidates('phone', '0912345678');
    expect(candidates).toHaveLength(2);
    expect(candidates[0]).toBe(vault.lookup('phone', '0912345678'));
    expect(candidates).toContain(oldLookup);
    expect(vault.lookup('phone', '0912345678')).not.toBe(oldLookup);
  });

  it('opens a value sealed by another process with a key it has not seen yet (reloading the key file)', () => {
    const file = join(tempDir(), 'keys.json');
    const running = new Vault(createKeyFile(file, NOW));
    const cli = new Vault(addKeyToFile(file, NOW));
    const sealed = cli.seal(TEXT, 'c');
    expect(running.open(sealed, 'c')).toBe(TEXT);
  });

  it('makes lookups and pseudonyms keyed: the same value gives another hash under another key', () => {
    const a = new Vault(parseEnvKeys(formatEnvKey(newKey(NOW))));
    const b = new Vault(parseEnvKeys(formatEnvKey(newKey(NOW))));
    expect(a.lookup('phone', '0912345678')).toBe(a.lookup('phone', '0912345678'));
    expect(a.lookup('phone', '0912345678')).not.toBe(a.lookup('phone', '0912345679'));
    expect(a.lookup('phone', '0912345678').split('.')[1]).not.toBe(b.lookup('phone', '0912345678').split('.')[1]);
    expect(a.pseudonym('telegram', '42')).toMatch(/^[0-9a-f]{16}$/u);
    expect(a.pseudonym('telegram', '42')).toBe(a.pseudonym('telegram', '42'));
    expect(a.pseudonym('telegram', '42')).not.toBe(b.pseudonym('telegram', '42'));
    // Purposes are separate: a pseudonym is not the lookup of the same text.
    expect(a.lookup('x', 'telegram\u000042')).not.toContain(a.pseudonym('telegram', '42'));
  });
});

describe('the key file', () => {
  it('is refused in one line naming it when damaged, and keys from DATA_KEYS are checked', () => {
    const dir = tempDir();
    const file = join(dir, 'keys.json');
    for (const [content, reason] of [
      ['not json', /^Tệp khóa dữ liệu .*keys\.json bị hỏng: không phải JSON \(damaged key file\)$/u],
      ['{"format":"tgpl-data-keys/1","active":"a","keys":[]}', /bị hỏng: keys không hợp lệ/u],
      ['{"format":"tgpl-data-keys/1","active":"b","keys":[{"id":"a","secret":"AAAA"}]}', /khóa phải là 32 byte/u],
    ] as const) {
      writeFileSync(file, content);
      expect(() => readKeyFile(file)).toThrow(reason);
    }
    expect(() => readKeyFile(join(dir, 'none.json'))).toThrow(/none\.json không có \(missing key file\)$/u);
    expect(() => parseEnvKeys('k1:short')).toThrow(/^Lỗi cấu hình: DATA_KEYS/u);
    expect(() => parseEnvKeys('no-colon')).toThrow(/mã:base64/u);
    const two = parseEnvKeys(`${formatEnvKey({ ...newKey(NOW), id: 'new' })}, ${formatEnvKey({ ...newKey(NOW), id: 'old' })}`);
    expect(two.activeId).toBe('new');
    expect(two.keys.map((k) => k.id)).toEqual(['new', 'old']);
  });
});
