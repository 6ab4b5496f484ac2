// A lowdb adapter that survives power loss: lowdb's own JSONFile renames atomically but never
// fsyncs, so after a crash the rename may be on disk while the data is not. We write a temp file,
// fsync it, rename it over the target, then fsync the directory so the rename itself is durable.
import { chmod, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

/** The file operations a durable write uses; tests inject a recording or failing set. */
export interface FileOps {
  open(path: string, flags: 'w' | 'r', mode?: number): Promise<{ writeFile(text: string, encoding: 'utf8'): Promise<void>; sync(): Promise<void>; close(): Promise<void> }>;
  chmod(path: string, mode: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

export const realFileOps: FileOps = { open: (p, flags, mode) => open(p, flags, mode), chmod, rename, unlink };

export async function writeFileDurably(path: string, text: string, mode = 0o600, fs: FileOps = realFileOps): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fh = await fs.open(tmp, 'w', mode);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    // open()'s mode is filtered by the umask and ignored for an existing temp file: set it outright.
    await fs.chmod(tmp, mode);
    await fs.rename(tmp, path);
  } catch (err) {
    await fs.unlink(tmp).catch(() => {});
    throw err;
  }
  const dir = await fs.open(dirname(path), 'r');
  try {
    await dir.sync();
  } catch {
    // Some filesystems (and Windows) refuse fsync on a directory; the file itself is synced.
  } finally {
    await dir.close();
  }
}

/** Reads raw text so the store can tell "missing" from "corrupt" itself, instead of lowdb throwing. */
export class DurableTextFile implements Adapter<string> {
  constructor(
    readonly path: string,
    private readonly fs: FileOps = realFileOps,
  ) {}
  async read(): Promise<string | null> {
    try {
      return await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }
  async write(text: string): Promise<void> {
    await writeFileDurably(this.path, text, 0o600, this.fs);
  }
}
