// Lanebot's state: one lowdb document in the data folder, owned by one process, written durably.
// A file that cannot be read as a document this version understands is moved aside (never
// overwritten) and a notice tells the user where it went.
import { mkdirSync, renameSync, chmodSync, copyFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { DurableTextFile, type FileOps } from './durable-file';
import { acquireOwnerLock } from './owner-lock';
import { emptyDocument, migrate, NewerVersionError, type LanebotDocument } from './document';

export const MAX_ATTEMPTS = 500;
export const DOCUMENT_FILE = 'lanebot.json';

export interface StoreOptions {
  dir: string;
  /** Read without taking ownership (e.g. `lanebot status` next to a running service). Writes throw. */
  readOnly?: boolean;
  now?: () => Date;
  /** File operations for the document's writes (tests inject a recording or failing disk). */
  fileOps?: FileOps;
}

export class Store {
  private chain: Promise<unknown> = Promise.resolve();
  private constructor(
    private readonly db: Low<string>,
    private doc: LanebotDocument,
    readonly path: string,
    private readonly release: () => void,
    private readonly readOnly: boolean,
  ) {}

  static async open(opts: StoreOptions): Promise<Store> {
    const now = opts.now ?? (() => new Date());
    mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
    const path = join(opts.dir, DOCUMENT_FILE);
    const release = opts.readOnly ? () => {} : acquireOwnerLock(join(opts.dir, 'lanebot.lock'));
    // A write killed between temp file and rename leaves its temp behind; the owner sweeps them.
    if (!opts.readOnly) {
      for (const f of readdirSync(opts.dir)) if (/^\.(lanebot|secrets)\.json\.\d+\.tmp$/.test(f)) rmSync(join(opts.dir, f), { force: true });
    }
    try {
      const db = new Low<string>(new DurableTextFile(path, opts.fileOps), '');
      await db.read();
      let doc: LanebotDocument;
      let setAside: string | undefined;
      let reason = '';
      let migratedFrom: number | undefined;
      let repaired = false;
      // lowdb keeps its default ('') when the file is missing, so "no file yet" shows up as ''.
      const fresh = db.data === null || db.data === '';
      if (fresh) {
        doc = emptyDocument();
      } else {
        try {
          const r = migrate(JSON.parse(db.data));
          doc = r.doc;
          if (r.from !== doc.schemaVersion) migratedFrom = r.from;
          repaired = r.repaired;
        } catch (err) {
          const newer = err instanceof NewerVersionError;
          reason = err instanceof SyntaxError ? 'it is not valid JSON' : (err as Error).message;
          doc = emptyDocument();
          if (!opts.readOnly) {
            setAside = `${path}.${newer ? 'newer' : 'corrupt'}-${now().toISOString().replace(/[:.]/g, '-')}`;
            renameSync(path, setAside);
            chmodSync(setAside, 0o600);
          }
        }
      }
      const store = new Store(db, doc, path, release, !!opts.readOnly);
      if (setAside) {
        store.doc.notices.push({
          id: `set-aside-${now().getTime()}`,
          level: 'error',
          message: `Lanebot could not use its data file (${reason}). It was kept as ${setAside} and Lanebot started fresh.`,
          at: now().toISOString(),
        });
      }
      if (migratedFrom !== undefined) {
        // Keep the pre-migration file so a downgrade or a migration bug loses nothing.
        const backup = `${path}.v${migratedFrom}.bak`;
        if (!opts.readOnly && !existsSync(backup)) {
          copyFileSync(path, backup);
          chmodSync(backup, 0o600);
        }
      }
      // A repaired file (unknown keys dropped, unsafe text escaped) is written back, so the file itself is valid again.
      if (!opts.readOnly && (setAside || migratedFrom !== undefined || fresh || repaired)) await store.flush();
      if (!opts.readOnly && existsSync(path)) chmodSync(path, 0o600);
      return store;
    } catch (err) {
      release();
      throw err;
    }
  }

  /** The current document. Treat it as read-only; change it through update(). */
  get data(): Readonly<LanebotDocument> {
    return this.doc;
  }

  /**
   * Applies a change and resolves once it is durably on disk. Changes are applied to a copy, and
   * the copy becomes the document only after it is on disk: a throwing updater or a failed write
   * leaves memory as it was, never ahead of the file (nothing half-saved, nothing only in memory).
   */
  update<T>(fn: (draft: LanebotDocument) => T): Promise<T> {
    if (this.readOnly) return Promise.reject(new Error('This store was opened read-only.'));
    const run = async () => {
      const draft = structuredClone(this.doc);
      const result = fn(draft);
      if (draft.attempts.length > MAX_ATTEMPTS) draft.attempts.splice(0, draft.attempts.length - MAX_ATTEMPTS);
      await this.flush(draft);
      this.doc = draft;
      return result;
    };
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => {});
    return p;
  }

  private async flush(doc: LanebotDocument = this.doc): Promise<void> {
    this.db.data = JSON.stringify(doc, null, 1);
    await this.db.write();
  }

  async close(): Promise<void> {
    await this.chain;
    this.release();
  }
}
