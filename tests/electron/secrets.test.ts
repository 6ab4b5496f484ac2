// safeStorage-backed secrets: values round-trip through the (injected) OS encryption, live only in
// secrets.enc.json (0600) as ciphertext, and never appear in clear anywhere in the data folder.
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SECRETS_FILE, SafeStorageSecretStore, type SafeStorageLike } from '../../electron/shell/secrets-safe-storage';

/** A stand-in for the OS keychain: a real cipher (AES-GCM) with a key the test holds. */
async function fakeSafeStorage(opts: { backend?: ReturnType<SafeStorageLike['getSelectedStorageBackend']>; available?: boolean } = {}) {
  const { createCipheriv, createDecipheriv, randomBytes } = await import('node:crypto');
  const key = randomBytes(32);
  let rotated = false;
  const s: SafeStorageLike & { rotate(): void; encryptCalls: number } = {
    encryptCalls: 0,
    isAsyncEncryptionAvailable: async () => opts.available ?? true,
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
    async encryptStringAsync(plain: string) {
      s.encryptCalls++;
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([Buffer.from(rotated ? 'v2' : 'v1'), iv, c.getAuthTag(), body]);
    },
    async decryptStringAsync(buf: Buffer) {
      const version = buf.subarray(0, 2).toString();
      const d = createDecipheriv('aes-256-gcm', key, buf.subarray(2, 14));
      d.setAuthTag(buf.subarray(14, 30));
      const result = Buffer.concat([d.update(buf.subarray(30)), d.final()]).toString('utf8');
      return { result, shouldReEncrypt: rotated && version === 'v1' };
    },
    rotate() {
      rotated = true;
    },
  };
  return s;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lanebot-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function everyFileText(root: string): Promise<string> {
  let out = '';
  for (const e of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) {
      const buf = await readFile(join(e.parentPath, e.name));
      out += buf.toString('utf8') + buf.toString('latin1');
    }
  }
  return out;
}

describe('SafeStorageSecretStore', () => {
  it('round-trips through safeStorage and a fresh instance reads it back from disk', async () => {
    const ss = await fakeSafeStorage();
    const store = new SafeStorageSecretStore(dir, ss, 'linux');
    await store.set('alex', 'username', 'alex@example.com');
    await store.set('alex', 'password', 'pässwörd-Ω-42');
    await store.set('sam', 'password', 's3cret-sam');
    expect(await store.get('alex', 'password')).toBe('pässwörd-Ω-42');
    expect(await store.has('alex', 'username')).toBe(true);
    expect(await store.has('alex', 'pin')).toBe(false);
    expect(await store.get('kim', 'password')).toBeUndefined();

    const again = new SafeStorageSecretStore(dir, ss, 'linux');
    expect(await again.get('alex', 'password')).toBe('pässwörd-Ω-42');
    expect(await again.get('sam', 'password')).toBe('s3cret-sam');
  });

  it('never writes a value in clear: only secrets.enc.json, mode 0600, holds ciphertext', async () => {
    const ss = await fakeSafeStorage();
    // The store document sits next to it and must stay free of secrets.
    await writeFile(join(dir, 'lanebot.json'), JSON.stringify({ profiles: [{ id: 'alex', secretNames: ['password'] }] }));
    const store = new SafeStorageSecretStore(dir, ss, 'darwin');
    const value = 'hunter2-unique-Ⅻ';
    await store.set('alex', 'password', value);
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['lanebot.json', SECRETS_FILE]);
    expect((await stat(join(dir, SECRETS_FILE))).mode & 0o777).toBe(0o600);
    const all = await everyFileText(dir);
    expect(all).not.toContain(value);
    expect(all).not.toContain(Buffer.from(value).toString('base64'));
    expect(await readFile(join(dir, 'lanebot.json'), 'utf8')).not.toContain('hunter2');
    const parsed = JSON.parse(await readFile(join(dir, SECRETS_FILE), 'utf8'));
    expect(Object.keys(parsed.entries.alex)).toEqual(['password']);
    expect(store.protection).toBe('keychain');
  });

  it('deletes one secret or all of a profile', async () => {
    const store = new SafeStorageSecretStore(dir, await fakeSafeStorage(), 'linux');
    await store.set('alex', 'username', 'u');
    await store.set('alex', 'password', 'p');
    await store.delete('alex', 'password');
    expect(await store.has('alex', 'password')).toBe(false);
    expect(await store.get('alex', 'username')).toBe('u');
    await store.delete('alex');
    expect(await new SafeStorageSecretStore(dir, await fakeSafeStorage(), 'linux').has('alex', 'username')).toBe(false);
  });

  it('concurrent saves all land', async () => {
    const store = new SafeStorageSecretStore(dir, await fakeSafeStorage(), 'linux');
    await Promise.all(Array.from({ length: 12 }, (_, i) => store.set(`p${i}`, 'password', `v${i}`)));
    const fresh = new SafeStorageSecretStore(dir, (store as unknown as { safeStorage: SafeStorageLike }).safeStorage, 'linux');
    for (let i = 0; i < 12; i++) expect(await fresh.get(`p${i}`, 'password')).toBe(`v${i}`);
  });

  it('reports basic-text on Linux without a keyring, keychain otherwise', async () => {
    expect(new SafeStorageSecretStore(dir, await fakeSafeStorage({ backend: 'basic_text' }), 'linux').protection).toBe('basic-text');
    expect(new SafeStorageSecretStore(dir, await fakeSafeStorage({ backend: 'kwallet6' }), 'linux').protection).toBe('keychain');
    // getSelectedStorageBackend is Linux-only; other platforms never consult it.
    expect(new SafeStorageSecretStore(dir, await fakeSafeStorage({ backend: 'basic_text' }), 'win32').protection).toBe('keychain');
  });

  it('refuses to save when encryption is unavailable, rather than storing in clear', async () => {
    const store = new SafeStorageSecretStore(dir, await fakeSafeStorage({ available: false }), 'linux');
    await expect(store.set('alex', 'password', 'plain')).rejects.toThrow(/no way to encrypt/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('re-encrypts when the OS rotated its key', async () => {
    const ss = await fakeSafeStorage();
    const store = new SafeStorageSecretStore(dir, ss, 'darwin');
    await store.set('alex', 'password', 'p1');
    const before = await readFile(join(dir, SECRETS_FILE), 'utf8');
    ss.rotate();
    expect(await store.get('alex', 'password')).toBe('p1');
    await new Promise((r) => setTimeout(r, 20));
    const after = JSON.parse(await readFile(join(dir, SECRETS_FILE), 'utf8'));
    expect(Buffer.from(after.entries.alex.password, 'base64').subarray(0, 2).toString()).toBe('v2');
    expect(after).not.toEqual(JSON.parse(before));
  });

  it('a corrupt secrets file is an error naming the file, never silently empty or overwritten', async () => {
    await writeFile(join(dir, SECRETS_FILE), '{not json');
    const store = new SafeStorageSecretStore(dir, await fakeSafeStorage(), 'linux');
    await expect(store.get('alex', 'password')).rejects.toThrow(SECRETS_FILE);
    await expect(store.set('alex', 'password', 'x')).rejects.toThrow(SECRETS_FILE);
    expect(await readFile(join(dir, SECRETS_FILE), 'utf8')).toBe('{not json');
  });
});

describe('SafeStorageSecretStore.sweep (issue 13, item 5)', () => {
  it('removes the secrets of profiles that no longer exist and names no longer used, keeps the rest', async () => {
    const store = new SafeStorageSecretStore(dir, await fakeSafeStorage(), 'linux');
    await store.set('alex', 'password', 'kept-1');
    await store.set('alex', 'pin', 'gone-1');
    await store.set('ghost', 'password', 'gone-2');
    expect(await store.sweep((id, name) => id === 'alex' && name === 'password')).toBe(2);
    expect(await store.get('alex', 'password')).toBe('kept-1');
    expect(await store.has('alex', 'pin')).toBe(false);
    const reread = new SafeStorageSecretStore(dir, await fakeSafeStorage(), 'linux');
    expect(await reread.has('ghost', 'password')).toBe(false);
    expect(JSON.parse(await readFile(join(dir, SECRETS_FILE), 'utf8')).entries).toEqual({ alex: { password: expect.any(String) } });
  });
});
