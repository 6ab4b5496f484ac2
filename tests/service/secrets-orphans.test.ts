// Issue 13, item 5: a crash during profiles.save must not leave a password that no profile refers
// to. The profile is written first, then its secrets; and the service sweeps unreferenced secrets
// at start (a profile deleted, or a secret name it stopped using, with a crash in between).
// The crash is injected into the file system both writes use: after the first durable write of the
// save completes, every later file operation fails, as if the process had died there.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createService } from '../../electron/service/index';
import { realFileOps, type FileOps } from '../../electron/service/store/durable-file';
import { FileSecretStore } from '../../electron/service/store/secrets';
import { fakePort, fakeProbes, tempHome } from './fixtures/service';
import { profileInput } from './fixtures/profiles';

/** Real file operations until `armed`; then the first completed rename is the last thing that happens. */
function crashAfterFirstWrite() {
  const state = { armed: false, crashed: false, first: '' };
  const dead = () => {
    if (state.crashed) throw new Error('crash: the process died here');
  };
  const ops: FileOps = {
    open: async (p, f, m) => (dead(), realFileOps.open(p, f, m)),
    chmod: async (p, m) => (dead(), realFileOps.chmod(p, m)),
    unlink: async (p) => (dead(), realFileOps.unlink(p)),
    async rename(a, b) {
      dead();
      await realFileOps.rename(a, b);
      if (state.armed) {
        state.first = b.split('/').at(-1)!;
        state.crashed = true;
      }
    },
  };
  return { ops, state };
}

const onDisk = (home: string) => {
  const doc = JSON.parse(readFileSync(join(home, 'lanebot.json'), 'utf8')) as { profiles: { id: string; secretNames: string[] }[] };
  const secrets = existsSync(join(home, 'secrets.json')) ? (JSON.parse(readFileSync(join(home, 'secrets.json'), 'utf8')) as Record<string, Record<string, string>>) : {};
  return { doc, secrets };
};

/** Every saved secret belongs to a stored profile that uses that name. */
function expectNoOrphan(home: string) {
  const { doc, secrets } = onDisk(home);
  for (const [id, names] of Object.entries(secrets))
    for (const name of Object.keys(names)) expect(doc.profiles.find((p) => p.id === id)?.secretNames ?? [], `orphan secret ${id}.${name}`).toContain(name);
}

async function service(home: string, ops: FileOps = realFileOps) {
  return createService({ home, secrets: new FileSecretStore(home, ops), port: fakePort(), probes: fakeProbes, schedule: false, fileOps: ops });
}

describe('profiles.save with a crash between its two writes', () => {
  it('a new profile: the crash leaves no password without its profile', async () => {
    const home = tempHome('orphan-new');
    const { ops, state } = crashAfterFirstWrite();
    const svc = await service(home, ops);
    state.armed = true;
    await expect(svc.handle('profiles.save', { profile: profileInput(), secrets: { username: 'alex', password: 'hunter2-Secret!' } })).rejects.toThrow(/crash/);
    expect(state.first).toBe('lanebot.json');
    await svc.shutdown({ abortRunning: true, timeoutMs: 0 }).catch(() => undefined);
    expectNoOrphan(home);
    if (existsSync(join(home, 'secrets.json'))) expect(readFileSync(join(home, 'secrets.json'), 'utf8')).not.toContain('hunter2-Secret!');
    // After the restart the profile is there and says its password is not saved: the UI asks again.
    const again = await service(home);
    const [view] = (await again.handle('profiles.list', {})) as { secretsSaved: Record<string, boolean> }[];
    expect(view?.secretsSaved).toEqual({ username: false, password: false });
    await again.shutdown({ abortRunning: true, timeoutMs: 0 });
  });

  it('a secret name the profile stopped using is removed with the save', async () => {
    const home = tempHome('orphan-names');
    const svc = await service(home);
    const saved = (await svc.handle('profiles.save', { profile: profileInput({ secretNames: ['username', 'password', 'pin'] }), secrets: { username: 'alex', password: 'pw-12345', pin: '4321' } })) as { id: string };
    await svc.handle('profiles.save', { profile: profileInput({ id: saved.id, secretNames: ['username', 'password'] }) });
    expectNoOrphan(home);
    expect(await svc.core.secrets.get(saved.id, 'password')).toBe('pw-12345');
    await svc.shutdown({ abortRunning: true, timeoutMs: 0 });
  });
});

describe('the sweep at start', () => {
  it('removes secrets of profiles that no longer exist and of names no longer used; keeps the rest', async () => {
    const home = tempHome('orphan-sweep');
    const first = await service(home);
    const saved = (await first.handle('profiles.save', { profile: profileInput(), secrets: { username: 'alex', password: 'pw-kept' } })) as { id: string };
    await first.shutdown({ abortRunning: true, timeoutMs: 0 });
    // What a crash after a delete (store written, secrets not yet) or an older Lanebot leaves behind.
    const secrets = JSON.parse(readFileSync(join(home, 'secrets.json'), 'utf8')) as Record<string, Record<string, string>>;
    secrets.ghost = { password: 'pw-of-a-deleted-profile' };
    secrets[saved.id]!.pin = 'unused-pin';
    writeFileSync(join(home, 'secrets.json'), JSON.stringify(secrets), { mode: 0o600 });
    const second = await service(home);
    expectNoOrphan(home);
    expect(readFileSync(join(home, 'secrets.json'), 'utf8')).not.toContain('pw-of-a-deleted-profile');
    expect(await second.core.secrets.get(saved.id, 'password')).toBe('pw-kept');
    await second.shutdown({ abortRunning: true, timeoutMs: 0 });
  });
});
