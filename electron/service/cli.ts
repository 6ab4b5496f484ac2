// `lanebot`: the command line. `serve` runs the headless service (schedule + UI on loopback),
// `status` prints the lights from the store, `book-now` books one profile now, `url` prints the
// running service's address again, `calendar` prints the bookings feed, `install-service` writes a
// systemd user unit.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { format } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import { createService, type LanebotService } from './index';
import { startHttpServer } from './api/http';
import { Store } from './store/store';
import { lockOwner } from './store/owner-lock';
import { writeFileDurably } from './store/durable-file';
import { agentBookingPort, agentProbes, agentTeachPort } from './night/agent-port';
import { FileSecretStore } from './store/secrets';
import { statusView } from './night/status';
import { APP_ROOT, defaultHome, RENDERER_DIR } from './home';
import { machineTimeZone } from './night/dates';
import { findProfile } from './profile-lookup';
import { calendarIcs, upcomingBookings } from './calendar/feed';
import { DEFAULT_SERVICE_PORT, systemdUnit, unitPath, writeUnit } from './systemd';
import { ensureRenderer } from './ui-build';
import { printable, printableLines } from './terminal-text';
import type { Attempt } from '../../shared/schemas';
import type { StatusView } from '../../shared/contract';

const HELP = `lanebot — books your recurring lane one week ahead, every night, and verifies it.

Usage:
  lanebot serve [--port N]            run the headless service: night schedule + UI on 127.0.0.1
                                      (port: --port, else the httpPort setting, else any free one)
  lanebot url                         print the running service's address (with its current key) again
  lanebot status                      the lights and next attempts, as a table
  lanebot book-now <profile>          book one profile now and verify it (id, or name in any case)
  lanebot calendar                    print the verified upcoming bookings as an iCalendar feed
  lanebot install-service [--port N] [--print]
                                      write a systemd user unit that runs \`lanebot serve\` (--print: show it only)
  lanebot --help

Every command takes --home DIR to use another data folder.

Data folder: LANEBOT_HOME, else ${defaultHome({})}
`;

export interface ServiceFile {
  pid: number;
  url: string;
  origin: string;
  token: string;
}

const serviceFile = (home: string) => join(home, 'service.json');

/** "Tue 9 Dec 00:01" at the venue, with the venue's zone when it is not this machine's. */
export function venueWhen(iso: string, timeZone: string, machineTz: string, pattern = 'EEE d MMM HH:mm'): string {
  const text = format(new TZDate(new Date(iso).getTime(), timeZone), pattern);
  return timeZone === machineTz ? text : `${text} ${timeZone}`;
}

const shortDay = (date: string) => format(new Date(`${date}T12:00:00Z`), 'EEE d MMM');

export function renderStatusTable(v: StatusView, machineTz: string = machineTimeZone()): string {
  const rows: string[][] = [['Profile', 'Tonight', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun', 'Next attempt (venue time)', 'Last success']];
  const mark = { green: '●✓', red: '●✗', grey: '·', running: '●…' } as const;
  for (const p of v.profiles) {
    rows.push([
      printable(p.name) + (p.enabled ? '' : ' (off)'),
      printable(p.line.split(' · ').slice(1).join(' · ')),
      ...p.lights.map((l) => mark[l.state]),
      p.nextAttempt ? `${venueWhen(p.nextAttempt.at, p.timeZone, machineTz)}${p.nextAttempt.kind === 'watch' ? ', cancellation check' : ''}` : '—',
      p.lastSuccess ? `${shortDay(p.lastSuccess.targetDate)}, booked ${venueWhen(p.lastSuccess.at, p.timeZone, machineTz)}` : 'never',
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  const line = (r: string[]) => r.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join('  ').trimEnd();
  const out = [line(rows[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
  if (!v.profiles.length) out.push('(no profiles yet — open the UI from `lanebot serve` to add one)');
  out.push('', `Legend: ●✓ booked and verified  ●✗ due, not verified  · not booked that day  ●… booking now${v.paused ? '   [paused tonight]' : ''}`);
  for (const n of v.notices) out.push(`! ${printable(n.message)}`);
  return out.join('\n');
}

/** The running service's address file, if a live process wrote it. */
function runningService(home: string): ServiceFile | undefined {
  if (!existsSync(serviceFile(home))) return undefined;
  const owner = lockOwner(join(home, 'lanebot.lock'));
  if (!owner) return undefined;
  try {
    return JSON.parse(readFileSync(serviceFile(home), 'utf8')) as ServiceFile;
  } catch {
    return undefined;
  }
}

export class CliError extends Error {}

/** Calls the running service's API with the key from service.json; a refused key is one clear sentence. */
export function serviceClient(svc: ServiceFile, home: string) {
  return async (method: string, body: unknown): Promise<unknown> => {
    let r: Response;
    try {
      r = await fetch(`${svc.origin}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${svc.token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (e) {
      throw new CliError(`The Lanebot service at ${svc.origin} does not answer (${(e as Error).name === 'TimeoutError' ? 'no answer in 15 s' : 'connection refused'}). Is it still running?`);
    }
    if (r.status === 401)
      throw new CliError(
        `The Lanebot service at ${svc.origin} did not accept the key in ${serviceFile(home)}: it belongs to an earlier run. Restart the service (systemctl --user restart lanebot, or stop it and run \`npx lanebot serve\`).`,
      );
    const j = (await r.json().catch(() => ({}))) as { error?: { message?: string } };
    if (!r.ok) throw new CliError(j.error?.message ?? `HTTP ${r.status}`);
    return j as unknown;
  };
}

async function serve(home: string, portArg: number | undefined) {
  const log = (l: string) => console.log(`[${format(new Date(), 'HH:mm:ss')}] ${printableLines(l)}`);
  await ensureRenderer(RENDERER_DIR, APP_ROOT, log);
  const secrets = new FileSecretStore(home);
  const service = await createService({ home, secrets, port: agentBookingPort({ secrets, home }), probes: agentProbes, teach: agentTeachPort(), log, transport: 'http' });
  const port = portArg ?? service.core.store.data.settings.httpPort;
  let http: Awaited<ReturnType<typeof startHttpServer>>;
  try {
    http = await startHttpServer(service, { port, rendererDir: RENDERER_DIR });
  } catch (e) {
    // e.g. the port is in use: give the data folder back (its lock) before saying so.
    await service.shutdown({ abortRunning: true, timeoutMs: 0 });
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new CliError(`Port ${port} on 127.0.0.1 is in use: choose another with --port N.`);
    throw e;
  }
  await writeFileDurably(serviceFile(home), JSON.stringify({ pid: process.pid, url: http.url, origin: http.origin, token: http.token } satisfies ServiceFile));
  console.log(`Lanebot service is running. Data: ${home}`);
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) console.log('The UI is not built: run `npm run build:renderer` (npm start does it for you).');
  console.log(`Open: ${http.url}`);
  console.log(`Log: ${service.core.fileLog.file}   (\`npx lanebot url\` prints the address again)`);
  const status = await service.status();
  for (const p of status.profiles) if (p.nextAttempt) log(`${p.name}: next ${p.nextAttempt.kind === 'watch' ? 'cancellation check' : 'attempt'} ${p.nextAttempt.time} venue time on ${p.nextAttempt.runDate} (books ${p.nextAttempt.targetDate})`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1); // a second Ctrl-C means "now"
    stopping = true;
    log(`${signal}: stopping (waiting up to 60 s for an attempt in flight)…`);
    const r = await service.shutdown({ abortRunning: true, timeoutMs: 60_000 });
    if (r.aborted.length) log(`aborted: ${r.aborted.join(', ')}`);
    await http.close();
    rmSync(serviceFile(home), { force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

async function status(home: string) {
  const store = await Store.open({ dir: home, readOnly: true });
  const running = new Map(store.data.attempts.filter((a) => a.outcome === 'running').map((a) => [a.profileId, a.id]));
  console.log(renderStatusTable(statusView(store.data, new Date(), running)));
}

async function url(home: string) {
  const svc = runningService(home);
  if (!svc) throw new CliError(`No Lanebot service is running for ${home}. Start one with \`npx lanebot serve\`.`);
  // Ask it: an address whose key the service no longer accepts is worse than none.
  await serviceClient(svc, home)('status.get', {});
  console.log(svc.url);
}

async function calendar(home: string) {
  const store = await Store.open({ dir: home, readOnly: true });
  process.stdout.write(calendarIcs(upcomingBookings(store.data, new Date())));
}

async function installService(home: string, portArg: number | undefined, print: boolean) {
  let port = portArg;
  if (port === undefined) {
    const store = await Store.open({ dir: home, readOnly: true });
    port = store.data.settings.httpPort || DEFAULT_SERVICE_PORT;
  }
  const unit = systemdUnit({ node: process.execPath, bin: join(APP_ROOT, 'bin', 'lanebot.mjs'), home, port });
  if (print) {
    process.stdout.write(unit);
    return;
  }
  if (process.platform !== 'linux') throw new CliError('install-service writes a systemd unit, which needs Linux. `--print` shows it anyway.');
  const path = unitPath();
  await writeUnit(path, unit);
  console.log(`Wrote ${path} (Lanebot on http://127.0.0.1:${port}, data in ${home}).

Start it now and at every login:
  systemctl --user daemon-reload
  systemctl --user enable --now lanebot
Keep it running after you log out, and start it at boot:
  loginctl enable-linger ${process.env.USER ?? '$USER'}
Then print its address with:
  npx lanebot url`);
}

function printAttempt(a: Attempt) {
  console.log(`${a.outcome.toUpperCase()}: ${printable(a.summary)}`);
  for (const s of [a.precheck, a.verification]) if (s?.screenshot) console.log(`  screenshot: ${printable(s.screenshot)}`);
}

async function bookNow(home: string, who: string) {
  const svc = runningService(home);
  if (svc) {
    // A service owns the store: ask it, so the per-profile lock and the record stay in one place.
    const call = serviceClient(svc, home);
    const profiles = (await call('profiles.list', {})) as { id: string; name: string }[];
    const p = findProfile(profiles, who);
    const { attemptId, joined } = (await call('book.now', { profileId: p.id })) as { attemptId: string; joined: boolean };
    console.log(`${joined ? 'Joined the attempt already running' : 'Started attempt'} ${attemptId} for ${p.name} via the running service (pid ${svc.pid})…`);
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      const a = (await call('attempts.get', { id: attemptId })) as Attempt;
      if (a.outcome !== 'running') return printAttempt(a);
    }
  }
  const secrets = new FileSecretStore(home);
  const service: LanebotService = await createService({ home, secrets, port: agentBookingPort({ secrets, home }), probes: agentProbes, schedule: false, log: (l) => console.log(printableLines(l)) });
  try {
    const p = findProfile(service.core.store.data.profiles, who);
    const r = service.core.runner.run(p.id, 'book-now');
    if ('skipped' in r) throw new CliError(r.skipped);
    service.subscribe((e) => {
      if (e.type === 'attempt-step') console.log(printable(`  ${e.step.phase} ${e.step.ok ? '✓' : '✗'} ${String(e.step.action.action ?? '')} ${e.step.target ?? ''} ${e.step.message ?? ''}`.trimEnd()));
    });
    printAttempt(await r.done);
  } finally {
    await service.shutdown({ abortRunning: true, timeoutMs: 0 });
  }
}

function portOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port < 0 || port > 65535) throw new CliError('--port must be a number from 0 to 65535');
  return port;
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' }, port: { type: 'string' }, home: { type: 'string' }, print: { type: 'boolean' } },
  });
  const home = values.home ?? defaultHome();
  const [cmd, ...rest] = positionals;
  if (values.help || !cmd || cmd === 'help') {
    console.log(HELP);
    return 0;
  }
  if (cmd === 'serve') {
    await serve(home, portOption(values.port));
    return -1; // keeps running
  }
  if (cmd === 'status') {
    await status(home);
    return 0;
  }
  if (cmd === 'url') {
    await url(home);
    return 0;
  }
  if (cmd === 'calendar') {
    await calendar(home);
    return 0;
  }
  if (cmd === 'install-service') {
    await installService(home, portOption(values.port), !!values.print);
    return 0;
  }
  if (cmd === 'book-now') {
    // A name with spaces may arrive unquoted: "book-now Alex – Lap swim".
    if (!rest.length) throw new CliError('Which profile? lanebot book-now <profile>');
    await bookNow(home, rest.join(' '));
    return 0;
  }
  console.error(`Unknown command "${cmd}".\n\n${HELP}`);
  return 2;
}
