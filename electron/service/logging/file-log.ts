// The service's log file: <data folder>/logs/lanebot.log, one JSON line per event (pino), rotated
// by size (lanebot.log.1 … .N, oldest dropped), mode 0600 in a 0700 folder. Every line passes the
// secret scrubber first: values registered with protect() (venue passwords, the API and calendar
// tokens) are replaced by their name, and pino's own redaction covers structured fields.
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import { createRedactor, redactDeep } from '../../../agent/redact';

type Redactor = <T>(value: T) => T;

export const LOG_FILE = 'lanebot.log';

export interface FileLogOptions {
  /** Rotate when the file passes this size (default 1 MiB). */
  maxBytes?: number;
  /** Rotated files to keep beside the current one (default 5). */
  keep?: number;
}

export interface ServiceLog {
  readonly dir: string;
  readonly file: string;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /**
   * A value that must never be written, under a unique key: every occurrence becomes {{label}}
   * (default: the key). Undefined forgets it.
   */
  protect(key: string, value: string | undefined, label?: string): void;
  /** The same scrubbing, for text that leaves the service by other ways (notifications, exports). */
  scrub<T>(value: T): T;
  /** Resolves once every line logged so far is written to the file. */
  flush(): Promise<void>;
  /** Flushes and closes the file (after this, lines are dropped). */
  close(): Promise<void>;
}

/** Field names whose values pino replaces, whatever code logs them. */
const REDACT_PATHS = ['password', 'token', 'secret', 'authorization', '*.password', '*.token', '*.secret', '*.authorization', 'headers.authorization'];

function openStream(dir: string, o: FileLogOptions): RotatingFileStream {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return createStream(LOG_FILE, {
    path: dir,
    size: `${Math.max(1, Math.floor((o.maxBytes ?? 1024 * 1024) / 1024))}K`,
    rotate: Math.max(1, o.keep ?? 5),
    mode: 0o600,
  });
}

export function openFileLog(home: string, o: FileLogOptions = {}): ServiceLog {
  const dir = join(home, 'logs');
  const file = join(dir, LOG_FILE);
  // An unwritable disk or folder must not stop Lanebot or crash a night: the log is a witness, not a dependency.
  let broken = false;
  let stream: RotatingFileStream | undefined;
  try {
    stream = openStream(dir, o);
  } catch {
    broken = true;
  }
  stream?.on('error', () => {
    broken = true;
  });
  stream?.on('warning', () => {});
  // Rotated files inherit the mode by rename; a file from before (or a loosened one) is tightened on open.
  stream?.on('open', () => {
    try {
      if (existsSync(file)) chmodSync(file, 0o600);
    } catch {
      // Not ours to fix here; the file was created 0600 by us in any case.
    }
  });
  const logger: Logger | undefined = stream && pino({ base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, stream);
  const secrets = new Map<string, readonly [string, string]>();
  let redactor: Redactor = (v) => v;
  let closed = false;
  const write = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => {
    if (closed || broken || !logger) return;
    try {
      if (fields) logger[level](redactor(fields), redactor(message));
      else logger[level](redactor(message));
    } catch {
      broken = true;
    }
  };
  return {
    dir,
    file,
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    protect(key, value, label = key) {
      if (value === undefined) secrets.delete(key);
      else secrets.set(key, [label, value]);
      redactor = redactorFor([...secrets.values()]);
    },
    scrub: (v) => redactor(v),
    flush() {
      const s = stream;
      if (closed || broken || !s) return Promise.resolve();
      // Writes are handled in order: the callback of an empty write runs after every earlier line.
      return new Promise<void>((resolve) => s.write('', () => resolve()));
    },
    close() {
      const s = stream;
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise<void>((resolve) => {
        if (broken || !s || s.destroyed) return resolve();
        s.once('finish', () => resolve());
        s.once('error', () => resolve());
        s.end();
      });
    },
  };
}

/** One scrubber over [name, value] pairs where several values may share a name (every profile's "password"). */
function redactorFor(pairs: ReadonlyArray<readonly [string, string]>): Redactor {
  // Longest value first, so a secret that contains another is replaced whole.
  const fns = pairs
    .filter(([, v]) => v.length >= 3)
    .sort((a, b) => b[1].length - a[1].length)
    .map(([name, v]) => createRedactor({ [name]: v }));
  const all = (s: string) => fns.reduce((acc, f) => f(acc), s);
  return <T>(value: T) => redactDeep(value, all);
}
