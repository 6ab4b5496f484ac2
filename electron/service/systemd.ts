// `lanebot install-service`: a systemd user unit that keeps the headless service running on a home
// server (restarted on failure, started at boot once lingering is enabled). Absolute paths only:
// systemd does not read the shell's PATH or nvm's setup.
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileDurably } from './store/durable-file';

export interface UnitOptions {
  /** Absolute path of the node binary (process.execPath). */
  node: string;
  /** Absolute path of bin/lanebot.mjs. */
  bin: string;
  /** The data folder (LANEBOT_HOME). */
  home: string;
  port: number;
}

/** systemd's quoting: a word with spaces, quotes or backslashes is double-quoted and escaped; % is a specifier. */
export function unitWord(s: string): string {
  const escaped = s.replace(/%/g, '%%');
  return /[\s"'\\;]/.test(escaped) ? `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : escaped;
}

export function systemdUnit(o: UnitOptions): string {
  return `# Written by \`lanebot install-service\`. Lanebot's headless service: the night schedule and the UI on 127.0.0.1:${o.port}.
[Unit]
Description=Lanebot: books your recurring lane every night and verifies it
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
Environment=${unitWord(`LANEBOT_HOME=${o.home}`)}
ExecStart=${[o.node, o.bin, 'serve', '--port', String(o.port)].map(unitWord).join(' ')}
Restart=on-failure
RestartSec=10
# Let an attempt in flight finish (lanebot waits up to 60 s) before systemd kills it.
TimeoutStopSec=75
KillSignal=SIGTERM
UMask=0077

[Install]
WantedBy=default.target
`;
}

export function unitPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config'), 'systemd', 'user', 'lanebot.service');
}

export async function writeUnit(path: string, text: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  await writeFileDurably(path, text, 0o644);
}

/** The port a unit uses when none is given: the one in Settings, else Lanebot's own default. */
export const DEFAULT_SERVICE_PORT = 8737;
