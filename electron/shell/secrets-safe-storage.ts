// Venue passwords in the desktop app: encrypted with Electron's safeStorage (Keychain, DPAPI,
// libsecret/kwallet) and kept in their own file, secrets.enc.json (0600), never in the store
// document. On Linux without a keyring safeStorage falls back to a hard-coded key ("basic_text");
// we still use it but report 'basic-text' so the UI can say plainly that no keychain protects them.
import { readFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { writeFileDurably } from '../service/store/durable-file';
import type { SecretStore } from './service-port';

export const SECRETS_FILE = 'secrets.enc.json';

export type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

interface SecretsFile {
  version: 1;
  /** profileId → secret name → base64 ciphertext from safeStorage. */
  entries: Record<string, Record<string, string>>;
}

export function protectionFor(platform: NodeJS.Platform, safeStorage: Pick<SafeStorageLike, 'getSelectedStorageBackend'>) {
  // getSelectedStorageBackend exists only on Linux; elsewhere the OS store always backs safeStorage.
  return platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text' ? ('basic-text' as const) : ('keychain' as const);
}

export class SafeStorageSecretStore implements SecretStore {
  readonly path: string;
  readonly protection: 'keychain' | 'basic-text';
  private cache: SecretsFile | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly safeStorage: SafeStorageLike,
    platform: NodeJS.Platform = process.platform,
  ) {
    this.path = join(dataDir, SECRETS_FILE);
    this.protection = protectionFor(platform, safeStorage);
  }

  private async load(): Promise<SecretsFile> {
    if (this.cache) return this.cache;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      this.cache = { version: 1, entries: {} };
      return this.cache;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!parsed || typeof parsed !== 'object' || (parsed as SecretsFile).version !== 1 || typeof (parsed as SecretsFile).entries !== 'object') {
      // Never guess at, or overwrite, a file we cannot read: the user re-enters passwords after fixing it.
      throw new Error(`The secrets file ${this.path} could not be read; move it aside and re-enter the venue passwords.`);
    }
    await chmod(this.path, 0o600).catch(() => {});
    this.cache = parsed as SecretsFile;
    return this.cache;
  }

  private mutate(fn: (f: SecretsFile) => Promise<void> | void): Promise<void> {
    const run = async () => {
      const next = structuredClone(await this.load());
      await fn(next);
      await writeFileDurably(this.path, JSON.stringify(next), 0o600);
      this.cache = next;
    };
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => {});
    return p;
  }

  private async encrypt(value: string): Promise<string> {
    if (!(await this.safeStorage.isAsyncEncryptionAvailable())) {
      throw new Error('This system offers no way to encrypt the password (safeStorage is unavailable), so it was not saved.');
    }
    return (await this.safeStorage.encryptStringAsync(value)).toString('base64');
  }

  async get(profileId: string, name: string): Promise<string | undefined> {
    const cipher = (await this.load()).entries[profileId]?.[name];
    if (cipher === undefined) return undefined;
    const { result, shouldReEncrypt } = await this.safeStorage.decryptStringAsync(Buffer.from(cipher, 'base64'));
    if (shouldReEncrypt) {
      // The OS rotated its key: store the value under the new one so it stays readable.
      await this.set(profileId, name, result).catch(() => {});
    }
    return result;
  }

  async has(profileId: string, name: string): Promise<boolean> {
    return (await this.load()).entries[profileId]?.[name] !== undefined;
  }

  set(profileId: string, name: string, value: string): Promise<void> {
    return this.mutate(async (f) => {
      (f.entries[profileId] ??= {})[name] = await this.encrypt(value);
    });
  }

  async sweep(keep: (profileId: string, name: string) => boolean): Promise<number> {
    const f = await this.load();
    const gone = Object.entries(f.entries).flatMap(([id, names]) => Object.keys(names).filter((n) => !keep(id, n)).map((n) => [id, n] as const));
    if (!gone.length) return 0;
    await this.mutate((next) => {
      for (const [id, n] of gone) {
        delete next.entries[id]![n];
        if (Object.keys(next.entries[id]!).length === 0) delete next.entries[id];
      }
    });
    return gone.length;
  }

  delete(profileId: string, name?: string): Promise<void> {
    return this.mutate((f) => {
      if (name === undefined) delete f.entries[profileId];
      else if (f.entries[profileId]) {
        delete f.entries[profileId][name];
        if (Object.keys(f.entries[profileId]).length === 0) delete f.entries[profileId];
      }
    });
  }
}
