// `lanebot`: the command line. `serve` runs the headless service (schedule + UI on loopback),
// `status` prints the lights from the store, `book-now` books one profile now.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { format } from 'date-fns';
import { createService, type LanebotService } from './index';
import { startHttpServer } from './api/http';
import { Store } from './store/store';
import { lockOwner } from './store/owner-lock';
import { writeFileDurably } from './store/durable-file';
import { agentBookingPort, agentProbes, agentTeachPort } from './night/agent-port';
import { FileSecretStore } from './store/secrets';
import { statusView } from './night/status';
import { defaultHome, RENDERER_DIR } from './home';
import { printable, printableLines } from './terminal-text';
import type { Attempt } from '../../shared/schemas';
import type { StatusView } from '../../shared/contract';

const HELP = `lanebot — books your recurring lane one week ahead, every night, and verifies it.

Usage:
  lanebot serve [--port N] [--home DIR]   run the headless service: night schedule + UI on 127.0.0.1
  lanebot status [--home DIR]             the lights and next attempts, as a table
  lanebot book-now <profile> [--home DIR] book one profile now (by id or name) and verify it
  lanebot --help

Data folder: LANEBOT_HOME, else ${defaultHome({})}
`;

export interface ServiceFile {
  pid: number;
  url: string;
  origin: string;
  token: string;
}

const serviceFile = (home: string) => join(home, 'service.json');

export function renderStatusTable(v: StatusView): string {
  const rows: string[][] = [['Profile', 'Tonight', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun', 'Next attempt', 'Last success']];
  const mark = { green: '●✓', red: '●✗', grey: '·', running: '●…' } as const;
  for (const p of v.profiles) {
    rows.push([
      printable(p.name) + (p.enabled ? '' : ' (off)'),
      printable(p.line.split(' · ').slice(1).join(' · ')),
      ...p.lights.map((l) => mark[l.state]),
      p.nextAttempt
        ? `${format(new Date(p.nextAttempt.at), 'EEE d MMM HH:mm')} (${p.nextAttempt.time} venue${p.nextAttempt.kind === 'watch' ? ', cancellation check' : ''})`
        : '—',
      p.lastSuccess ? `${format(new Date(p.lastSuccess.at), 'EEE d MMM HH:mm:ss')} → ${p.lastSuccess.targetDate}` : 'never',
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

async function serve(home: string, port: number) {
  const log = (l: string) => console.log(`[${format(new Date(), 'HH:mm:ss')}] ${printableLines(l)}`);
  const secrets = new FileSecretStore(home);
  const service = await createService({ home, secrets, port: agentBookingPort({ secrets, home }), probes: agentProbes, teach: agentTeachPort(), log, transport: 'http' });
  let http: Awaited<ReturnType<typeof startHttpServer>>;
  try {
    http = await startHttpServer(service, { port, rendererDir: RENDERER_DIR });
  } catch (err) {
    // e.g. the port is in use: give the data folder back (its lock) before saying so.
    await service.shutdown({ abortRunning: true, timeoutMs: 0 });
    throw (err as NodeJS.ErrnoException).code === 'EADDRINUSE' ? new Error(`Port ${port} is already in use: choose another with --port, or 0 for any free one.`) : err;
  }
  await writeFileDurably(serviceFile(home), JSON.stringify({ pid: process.pid, url: http.url, origin: http.origin, token: http.token } satisfies ServiceFile));
  console.log(`Lanebot service is running. Data: ${home}`);
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) console.log('The UI is not built: run `npm run build:renderer` (npm start does it for you).');
  console.log(`Open: ${http.url}`);
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

function printAttempt(a: Attempt) {
  console.log(`${a.outcome.toUpperCase()}: ${printable(a.summary)}`);
  for (const s of [a.precheck, a.verification]) if (s?.screenshot) console.log(`  screenshot: ${printable(s.screenshot)}`);
}

async function bookNow(home: string, who: string) {
  const owner = lockOwner(join(home, 'lanebot.lock'));
  if (owner && existsSync(serviceFile(home))) {
    // A service owns the store: ask it, so the per-profile lock and the record stay in one place.
    const svc = JSON.parse(readFileSync(serviceFile(home), 'utf8')) as ServiceFile;
    const call = async (method: string, body: unknown) => {
      const r = await fetch(`${svc.origin}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${svc.token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const j = (await r.json()) as { error?: { message?: string } };
      if (!r.ok) throw new Error(j.error?.message ?? `HTTP ${r.status}`);
      return j as unknown;
    };
    const profiles = (await call('profiles.list', {})) as { id: string; name: string }[];
    const p = profiles.find((x) => x.id === who || x.name.toLowerCase() === who.toLowerCase());
    if (!p) throw new Error(`No profile "${printable(who)}". Profiles: ${profiles.map((x) => printable(x.name)).join(', ') || 'none'}`);
    const { attemptId, joined } = (await call('book.now', { profileId: p.id })) as { attemptId: string; joined: boolean };
    console.log(`${joined ? 'Joined the attempt already running' : 'Started attempt'} ${attemptId} via the running service (pid ${owner})…`);
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      const a = (await call('attempts.get', { id: attemptId })) as Attempt;
      if (a.outcome !== 'running') return printAttempt(a);
    }
  }
  const secrets = new FileSecretStore(home);
  const service: LanebotService = await createService({ home, secrets, port: agentBookingPort({ secrets, home }), probes: agentProbes, schedule: false, log: (l) => console.log(printableLines(l)) });
  try {
    const p = service.core.store.data.profiles.find((x) => x.id === who || x.name.toLowerCase() === who.toLowerCase());
    if (!p) throw new Error(`No profile "${printable(who)}". Profiles: ${service.core.store.data.profiles.map((x) => printable(x.name)).join(', ') || 'none'}`);
    const r = service.core.runner.run(p.id, 'book-now');
    if ('skipped' in r) throw new Error(r.skipped);
    service.subscribe((e) => {
      if (e.type === 'attempt-step') console.log(printable(`  ${e.step.phase} ${e.step.ok ? '✓' : '✗'} ${String(e.step.action.action ?? '')} ${e.step.target ?? ''} ${e.step.message ?? ''}`.trimEnd()));
    });
    printAttempt(await r.done);
  } finally {
    await service.shutdown({ abortRunning: true, timeoutMs: 0 });
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' }, port: { type: 'string' }, home: { type: 'string' } },
  });
  const home = values.home ?? defaultHome();
  const [cmd, ...rest] = positionals;
  if (values.help || !cmd || cmd === 'help') {
    console.log(HELP);
    return 0;
  }
  if (cmd === 'serve') {
    const port = values.port ? Number(values.port) : 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a number from 0 to 65535');
    await serve(home, port);
    return -1; // keeps running
  }
  if (cmd === 'status') {
    await status(home);
    return 0;
  }
  if (cmd === 'book-now') {
    if (!rest[0]) throw new Error('Which profile? lanebot book-now <profile>');
    await bookNow(home, rest[0]);
    return 0;
  }
  console.error(`Unknown command "${cmd}".\n\n${HELP}`);
  return 2;
}
