// A lowdb adapter that survives power loss: lowdb's own JSONFile renames atomically but never
// fsyncs, so after a crash the rename may be on disk while the data is not. We write a temp file,
// fsync it, rename it over the target, then fsync the directory so the rename itself is durable.
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

export async function writeFileDurably(path: string, text: string, mode = 0o600): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fh = await open(tmp, 'w', mode);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
  const dir = await open(dirname(path), 'r');
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
  constructor(readonly path: string) {}
  async read(): Promise<string | null> {
    try {
      return await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }
  async write(text: string): Promise<void> {
    await writeFileDurably(this.path, text);
  }
}
