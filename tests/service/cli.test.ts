// The command line as a person meets it: `lanebot serve` on a fresh home (UI served, log file, no
// token in the log), `url` prints the address again, a refused key is one clean sentence, a browser
// without the key gets a page instead of JSON, profiles are found by id, slug or name whatever the
// case or dash, `status` says the venue time once, `calendar` prints the feed, `install-service`
// writes a systemd user unit. Commands run through bin/lanebot.mjs, as `npx lanebot` runs them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderStatusTable } from '../../electron/service/cli';
import { createService } from '../../electron/service/index';
import { findProfile, lookupKey } from '../../electron/service/profile-lookup';
import { systemdUnit, unitWord } from '../../electron/service/systemd';
import { statusView } from '../../electron/service/night/status';
import { emptyDocument } from '../../electron/service/store/document';
import { profileSchema } from '../../shared/schemas';
import { FakeVenue, fakeProbes, profileInput } from '../night/doubles';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'lanebot.mjs');
const base = mkdtempSync(join(tmpdir(), 'lanebot-cli-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function lanebot(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('finding a profile', () => {
  const profiles = [
    { id: 'alex-lap-swim-3f2a1c', name: 'Alex – Lap swim' },
    { id: 'sam-b00b1e', name: 'Sam' },
    { id: 'bea-3c4d5e', name: 'Béa Müller' },
  ];
  it('by id, slug or name, ignoring case, accents, spaces and the kind of dash', () => {
    for (const q of ['alex-lap-swim-3f2a1c', 'alex-lap-swim', 'alex – lap swim', 'Alex - Lap Swim', 'ALEX—LAP SWIM', '  alex lap swim ']) expect(findProfile(profiles, q).id, q).toBe('alex-lap-swim-3f2a1c');
    expect(findProfile(profiles, 'bea muller').id).toBe('bea-3c4d5e');
    expect(lookupKey('Alex – Lap swim')).toBe('alex-lap-swim');
  });
  it('an unknown one lists every profile with its name and id; an ambiguous one asks for the id', () => {
    expect(() => findProfile(profiles, 'alexa')).toThrow('No profile "alexa". Profiles (name and id): "Alex – Lap swim" (alex-lap-swim-3f2a1c), "Sam" (sam-b00b1e), "Béa Müller" (bea-3c4d5e).');
    expect(() => findProfile([...profiles, { id: 'sam-123456', name: 'sam' }], 'SAM')).toThrow(/matches several profiles: "Sam" \(sam-b00b1e\), "sam" \(sam-123456\)\. Use the id\./);
  });
});

describe('status', () => {
  const doc = emptyDocument();
  const now = new Date('2026-12-01T12:00:00Z');
  doc.profiles.push(
    profileSchema.parse({ ...profileInput('Alex'), id: 'alex-aaaaaa', createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z' }),
    profileSchema.parse({
      ...profileInput('Jo'),
      venue: { ...profileInput('Jo').venue, timeZone: 'America/New_York' },
      id: 'jo-bbbbbb',
      createdAt: '2026-11-01T00:00:00Z',
      updatedAt: '2026-11-01T00:00:00Z',
    }),
  );
  doc.ledger['alex-aaaaaa'] = { tue: { at: '2026-12-01T00:01:07Z', runDate: '2026-12-01', targetDate: '2026-12-08', attemptId: 'a1', how: 'booked', evidence: '' } };
  it('says the venue time once, with the zone only where it differs from the machine’s', () => {
    const table = renderStatusTable(statusView(doc, now, new Map()), 'Europe/London');
    expect(table).toContain('Next attempt (venue time)');
    const alex = table.split('\n').find((l) => l.startsWith('Alex'))!;
    const jo = table.split('\n').find((l) => l.startsWith('Jo'))!;
    expect(alex).toContain('Wed 2 Dec 00:01');
    expect(alex).not.toMatch(/venue\)|Europe\/London/);
    expect(alex).toContain('Tue 8 Dec, booked Tue 1 Dec 00:01');
    expect(jo).toContain('Wed 2 Dec 00:01 America/New_York');
    expect(table).not.toMatch(/\(\d\d:\d\d venue/);
  });
});

describe('install-service', () => {
  it('the unit runs the absolute node and bin with the data folder, restarts on failure and waits for the network', () => {
    const unit = systemdUnit({ node: '/opt/node 20/bin/node', bin: '/srv/lanebot/bin/lanebot.mjs', home: '/home/alex/.config/lanebot', port: 8737 });
    expect(unit).toContain('ExecStart="/opt/node 20/bin/node" /srv/lanebot/bin/lanebot.mjs serve --port 8737');
    expect(unit).toContain('Environment=LANEBOT_HOME=/home/alex/.config/lanebot');
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^After=network-online\.target$/m);
    expect(unit).toMatch(/^WantedBy=default\.target$/m);
    expect(unitWord('100%')).toBe('100%%');
  });

  it('`--print` prints it; without, it writes ~/.config/systemd/user/lanebot.service and says how to enable it', () => {
    const xdg = join(base, 'xdg');
    const home = join(base, 'svc-home');
    const printed = lanebot(['install-service', '--print'], { LANEBOT_HOME: home, XDG_CONFIG_HOME: xdg });
    expect(printed.code, printed.err).toBe(0);
    expect(printed.out).toContain(`ExecStart=${process.execPath} ${BIN} serve --port 8737`);
    expect(printed.out).toContain(`Environment=LANEBOT_HOME=${home}`);
    expect(existsSync(join(xdg, 'systemd', 'user', 'lanebot.service'))).toBe(false);
    const wrote = lanebot(['install-service', '--port', '8800'], { LANEBOT_HOME: home, XDG_CONFIG_HOME: xdg });
    expect(wrote.code, wrote.err).toBe(0);
    const unit = readFileSync(join(xdg, 'systemd', 'user', 'lanebot.service'), 'utf8');
    expect(unit).toContain(`ExecStart=${process.execPath} ${BIN} serve --port 8800`);
    expect(wrote.out).toContain('systemctl --user enable --now lanebot');
    expect(wrote.out).toContain('loginctl enable-linger');
  });
});

describe('lanebot calendar', () => {
  it('prints the verified upcoming bookings as iCalendar', async () => {
    const home = join(base, 'cal-home');
    const venue = new FakeVenue();
    const service = await createService({ home, port: venue.port(), probes: fakeProbes, schedule: false });
    const p = (await service.handle('profiles.save', { profile: profileInput('Alex') })) as { id: string };
    const r = service.core.runner.run(p.id, 'book-now');
    const a = 'done' in r ? await r.done : undefined;
    await service.shutdown({ abortRunning: true, timeoutMs: 1000 });
    expect(a?.outcome).toBe('verified');
    const out = lanebot(['calendar'], { LANEBOT_HOME: home });
    expect(out.code, out.err).toBe(0);
    const events = new ICAL.Component(ICAL.parse(out.out)).getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    expect(events.map((e) => [e.uid, e.summary])).toEqual([[`${p.id}-${a!.targetDate}@lanebot`, 'Alex · lane 3']]);
  });
});

describe('lanebot serve, url and the key', () => {
  const home = join(base, 'serve-home', 'lanebot');
  let serve: ChildProcess;
  let output = '';
  let printed: URL;

  beforeAll(async () => {
    serve = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { cwd: ROOT, env: { ...process.env, LANEBOT_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    serve.stdout!.on('data', (d) => (output += String(d)));
    serve.stderr!.on('data', (d) => (output += String(d)));
    printed = new URL(
      await new Promise<string>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`serve printed no URL:\n${output}`)), 45_000);
        serve.stdout!.on('data', () => {
          const m = /Open: (\S+)/.exec(output);
          if (m) {
            clearTimeout(timer);
            ok(m[1]!);
          }
        });
        serve.once('exit', (c) => fail(new Error(`serve exited ${c}:\n${output}`)));
      }),
    );
  }, 60_000);

  afterAll(async () => {
    if (serve?.exitCode === null) {
      serve.kill('SIGTERM');
      await new Promise((r) => serve.once('exit', r));
    }
  });

  it('serves the UI, and writes its log (no token in it)', async () => {
    const page = await fetch(`${printed.origin}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root"></div>');
    const log = readFileSync(join(home, 'logs', 'lanebot.log'), 'utf8');
    expect(log).toContain('Lanebot service started');
    const token = JSON.parse(readFileSync(join(home, 'service.json'), 'utf8')).token as string;
    expect(log).not.toContain(token);
  });

  it('`lanebot url` prints the running service’s address again', () => {
    const r = lanebot(['url'], { LANEBOT_HOME: home });
    expect(r.code, r.err).toBe(0);
    expect(r.out.trim()).toBe(printed.href);
  });

  it('a browser without the key gets a page that says what to do; the API still answers JSON', async () => {
    const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
    // The key travels in the link's fragment (never sent to a server), so only the API and files ask for it.
    expect(printed.hash).toMatch(/^#token=[^&]+$/);
    expect(printed.search).toBe('');
    for (const path of ['/api/status.get', '/files/x/shot.png']) {
      const r = await fetch(`${printed.origin}${path}`, { headers: html });
      expect(r.status, path).toBe(401);
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const text = await r.text();
      expect(text).toContain('<h1>Lanebot needs the link with its key</h1>');
      expect(text).toContain('npx lanebot url');
    }
    const api = await fetch(`${printed.origin}/api/status.get`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(api.status).toBe(401);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('finds a profile by its name in any case and dash, and an unknown one lists names and ids', async () => {
    const token = JSON.parse(readFileSync(join(home, 'service.json'), 'utf8')).token as string;
    const save = await fetch(`${printed.origin}/api/profiles.save`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ profile: { ...profileInput('Alex – Lap swim'), enabled: false } }),
    });
    const p = (await save.json()) as { id: string };
    const unknown = lanebot(['book-now', 'alexa'], { LANEBOT_HOME: home });
    expect(unknown.code).toBe(1);
    expect(unknown.err.trim()).toBe(`lanebot: No profile "alexa". Profiles (name and id): "Alex – Lap swim" (${p.id}).`);
    // Found ("alex - lap swim", unquoted words): the booking starts through the running service.
    const found = lanebot(['book-now', 'alex', '-', 'lap', 'swim'], { LANEBOT_HOME: home });
    expect(found.out).toMatch(new RegExp(`Started attempt \\S+ for Alex – Lap swim via the running service`));
  }, 90_000);

  it('a key the service no longer accepts is one clean sentence, not a stack or raw JSON', () => {
    const file = join(home, 'service.json');
    const real = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, JSON.stringify({ ...JSON.parse(real), token: 'stale-token-from-an-earlier-run' }));
      for (const args of [['url'], ['book-now', 'alex']]) {
        const r = lanebot(args, { LANEBOT_HOME: home });
        expect(r.code).toBe(1);
        const lines = r.err.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^lanebot: The Lanebot service at http:\/\/127\.0\.0\.1:\d+ did not accept the key in .*service\.json: it belongs to an earlier run\. Restart the service/);
      }
    } finally {
      writeFileSync(file, real);
    }
  });
});
