// Issue 13, item 11: the store's memory never runs ahead of its file, and its writes are durable.
// A failing disk (the write or the rename throws) leaves store.data exactly as it was and the file
// untouched; a recording file system shows the order a crash-safe write needs: write the temp file,
// fsync it, rename it over the document, fsync the folder.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realFileOps, writeFileDurably, type FileOps } from '../../electron/service/store/durable-file';
import { Store } from '../../electron/service/store/store';
import { tempHome } from './fixtures/service';

/** Real file operations that log each call ("open w x.tmp", "sync x.tmp", …), and fail on demand. */
function recordingOps(o: { fail?: 'write' | 'rename' | 'sync' } = {}) {
  const calls: string[] = [];
  const name = (p: string) => p.split('/').at(-1)!;
  const ops: FileOps & { calls: string[]; failing: boolean } = {
    calls,
    failing: true,
    async open(p, flags, mode) {
      const fh = await realFileOps.open(p, flags, mode);
      calls.push(`open ${flags} ${flags === 'r' ? '(dir)' : name(p)}`);
      const label = flags === 'r' ? '(dir)' : name(p);
      return {
        writeFile: async (text, enc) => {
          if (o.fail === 'write' && ops.failing) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          await fh.writeFile(text, enc);
          calls.push(`write ${label}`);
        },
        sync: async () => {
          if (o.fail === 'sync' && ops.failing && flags === 'w') throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
          await fh.sync();
          calls.push(`fsync ${label}`);
        },
        close: async () => {
          await fh.close();
          calls.push(`close ${label}`);
        },
      };
    },
    async chmod(p, mode) {
      await realFileOps.chmod(p, mode);
      calls.push(`chmod ${name(p)} ${mode.toString(8)}`);
    },
    async rename(a, b) {
      if (o.fail === 'rename' && ops.failing) throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
      await realFileOps.rename(a, b);
      calls.push(`rename ${name(a)} -> ${name(b)}`);
    },
    async unlink(p) {
      await realFileOps.unlink(p);
      calls.push(`unlink ${name(p)}`);
    },
  };
  return ops;
}

describe('durable writes', () => {
  it('write temp → fsync temp → rename over the document → fsync the folder, in that order', async () => {
    const dir = tempHome('durable');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    const ops = recordingOps();
    await writeFileDurably(join(dir, 'lanebot.json'), '{"a":1}', 0o600, ops);
    const tmp = `.lanebot.json.${process.pid}.tmp`;
    expect(ops.calls).toEqual([
      `open w ${tmp}`,
      `write ${tmp}`,
      `fsync ${tmp}`,
      `close ${tmp}`,
      `chmod ${tmp} 600`,
      `rename ${tmp} -> lanebot.json`,
      'open r (dir)',
      'fsync (dir)',
      'close (dir)',
    ]);
    expect(readFileSync(join(dir, 'lanebot.json'), 'utf8')).toBe('{"a":1}');
  });

  it('the store writes through the same sequence on every update', async () => {
    const dir = tempHome('durable-store');
    const ops = recordingOps();
    const store = await Store.open({ dir, fileOps: ops });
    try {
      ops.calls.length = 0;
      await store.update((d) => {
        d.settings.model = 'mistral:7b';
      });
      const order = ops.calls.filter((c) => /^(write|fsync|rename)/.test(c)).map((c) => c.split(' ')[0]);
      expect(order).toEqual(['write', 'fsync', 'rename', 'fsync']);
      expect(ops.calls.at(-2)).toBe('fsync (dir)');
    } finally {
      await store.close();
    }
  });
});

describe('memory changes only after a successful write', () => {
  it.each(['write', 'sync', 'rename'] as const)('a failing %s leaves store.data and the file as they were; the next write succeeds', async (fail) => {
    const dir = tempHome(`failing-${fail}`);
    const ops = recordingOps({ fail });
    ops.failing = false;
    const store = await Store.open({ dir, fileOps: ops });
    try {
      await store.update((d) => {
        d.settings.model = 'before:1b';
      });
      const file = join(dir, 'lanebot.json');
      const onDisk = readFileSync(file, 'utf8');
      const inMemory = structuredClone(store.data);
      ops.failing = true;
      await expect(
        store.update((d) => {
          d.settings.model = 'after:2b';
          d.notices.push({ id: 'n', level: 'info', message: 'x', at: '2026-11-24T12:00:00.000Z' });
        }),
      ).rejects.toThrow(/ENOSPC|EIO/);
      expect(store.data).toEqual(inMemory);
      expect(store.data.settings.model).toBe('before:1b');
      expect(readFileSync(file, 'utf8')).toBe(onDisk);
      ops.failing = false;
      await store.update((d) => {
        d.settings.autostart = false;
      });
      expect(store.data.settings.model).toBe('before:1b');
      expect(JSON.parse(readFileSync(file, 'utf8')).settings).toMatchObject({ model: 'before:1b', autostart: false });
    } finally {
      await store.close();
    }
  });
});

describe('memory follows the disk, and answers still name what exists', () => {
  it('the attempt id book.now answers with can be read back at once (its running record is stored first)', async () => {
    const { testService } = await import('./fixtures/service');
    const { profileInput } = await import('./fixtures/profiles');
    const svc = await testService();
    try {
      const p = (await svc.handle('profiles.save', { profile: profileInput() })) as { id: string };
      const { attemptId } = (await svc.handle('book.now', { profileId: p.id })) as { attemptId: string };
      await expect(svc.handle('attempts.get', { id: attemptId })).resolves.toMatchObject({ id: attemptId });
    } finally {
      await svc.shutdown({ abortRunning: true, timeoutMs: 2000 });
    }
  });
});
