// Where venue passwords live: never in the store document. The Electron shell supplies a
// safeStorage-backed implementation; the headless service uses a file only its user can read.
import { readFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { realFileOps, writeFileDurably, type FileOps } from './durable-file';

export interface SecretStore {
  get(profileId: string, name: string): Promise<string | undefined>;
  set(profileId: string, name: string, value: string): Promise<void>;
  /** Deletes one secret, or all of a profile's when `name` is omitted. */
  delete(profileId: string, name?: string): Promise<void>;
  has(profileId: string, name: string): Promise<boolean>;
  /**
   * Removes every secret `keep` refuses (a profile that no longer exists, a name it no longer uses);
   * returns how many went. Run at start: a crash between a profile's deletion and its secrets' cannot
   * leave a password behind for good.
   */
  sweep(keep: (profileId: string, name: string) => boolean): Promise<number>;
  readonly protection: 'keychain' | 'file-0600' | 'basic-text';
}

type SecretMap = Record<string, Record<string, string>>;
const secretMapSchema = z.record(z.string(), z.record(z.string(), z.string()));

/** Headless secrets: a JSON file with mode 0600 beside the store. */
export class FileSecretStore implements SecretStore {
  readonly protection = 'file-0600' as const;
  private cache: SecretMap | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  readonly path: string;

  constructor(
    dir: string,
    private readonly fileOps: FileOps = realFileOps,
  ) {
    this.path = join(dir, 'secrets.json');
  }

  private async load(): Promise<SecretMap> {
    if (this.cache) return this.cache;
    try {
      // No profile id or secret name is "__proto__"; zod would drop such a key rather than refuse it.
      const raw: unknown = JSON.parse(await readFile(this.path, 'utf8'), (k, v: unknown) => {
        if (k === '__proto__') throw new Error('not a secrets map');
        return v;
      });
      const parsed = secretMapSchema.safeParse(raw);
      // `null`, a number or a map holding non-strings is as broken as bad JSON: never "no password", never a non-string.
      if (!parsed.success) throw new Error('not a secrets map');
      this.cache = parsed.data;
      await chmod(this.path, 0o600); // tighten a file someone loosened
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        // An unreadable secrets file must not silently become "no password": say which file.
        throw new Error(`The secrets file ${this.path} could not be read; re-enter the venue passwords.`);
      }
      this.cache = {};
    }
    return this.cache;
  }

  private mutate(fn: (m: SecretMap) => void): Promise<void> {
    const run = async () => {
      const next = structuredClone(await this.load());
      fn(next);
      await writeFileDurably(this.path, JSON.stringify(next), 0o600, this.fileOps);
      this.cache = next;
    };
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => {});
    return p;
  }

  async get(profileId: string, name: string) {
    const m = await this.load();
    // Own keys only: "constructor" or "__proto__" must not find Object.prototype's members.
    const forProfile = Object.hasOwn(m, profileId) ? m[profileId] : undefined;
    return forProfile && Object.hasOwn(forProfile, name) ? forProfile[name] : undefined;
  }
  async has(profileId: string, name: string) {
    return (await this.get(profileId, name)) !== undefined;
  }
  set(profileId: string, name: string, value: string) {
    return this.mutate((m) => {
      (m[profileId] ??= {})[name] = value;
    });
  }
  async sweep(keep: (profileId: string, name: string) => boolean): Promise<number> {
    const m = await this.load();
    const gone = Object.entries(m).flatMap(([id, names]) => Object.keys(names).filter((n) => !keep(id, n)).map((n) => [id, n] as const));
    if (!gone.length) return 0;
    await this.mutate((next) => {
      for (const [id, n] of gone) {
        delete next[id]![n];
        if (Object.keys(next[id]!).length === 0) delete next[id];
      }
    });
    return gone.length;
  }
  delete(profileId: string, name?: string) {
    return this.mutate((m) => {
      if (name === undefined) delete m[profileId];
      else if (m[profileId]) delete m[profileId][name];
    });
  }
}
