// Issue 13, item 4: the API token must not be enough to make Lanebot run any program. A browser
// path is accepted only when the program names itself a Chromium-family browser (`--version`, with a
// timeout) and then starts headless as one; Book now re-checks a path found in the store.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LanebotService } from '../../electron/service/index';
import { ApiError } from '../../shared/contract';
import { findBrowser } from '../../agent/browser/launch';
import { tempHome, testService } from './fixtures/service';

let home: string;
let service: LanebotService;
let scripts: string;
const MARK = () => join(scripts, 'ran');

/** A shell script that prints a Chromium-like version, and leaves a mark when run as a "browser". */
function fakeBrowser(name: string, version: string): string {
  const p = join(scripts, name);
  writeFileSync(p, `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "${version}"; exit 0; fi\necho "$@" >> "${MARK()}"\nexit 1\n`);
  chmodSync(p, 0o755);
  return p;
}

async function refusal(browserPath: string): Promise<ApiError> {
  const before = structuredClone(service.core.store.data.settings);
  const disk = readFileSync(join(home, 'lanebot.json'), 'utf8');
  const e = await service.handle('settings.save', { browserPath }).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e, `${browserPath} was accepted`).toBeInstanceOf(ApiError);
  // Nothing half-saved: memory and disk are as they were.
  expect(service.core.store.data.settings).toEqual(before);
  expect(readFileSync(join(home, 'lanebot.json'), 'utf8')).toBe(disk);
  return e as ApiError;
}

beforeAll(async () => {
  home = tempHome('browser-path');
  service = await testService(home);
  scripts = mkdtempSync(join(tmpdir(), 'lanebot-fake-browsers-'));
});
afterAll(async () => {
  await service?.shutdown({ abortRunning: true, timeoutMs: 1000 });
});

describe('settings.browserPath accepts only a Chromium-family browser', () => {
  it('refuses /bin/sh with a clear error on the browserPath field', async () => {
    const e = await refusal('/bin/sh');
    expect(e.code).toBe('invalid');
    expect(e.fields?.browserPath).toMatch(/does not answer --version like Chrome, Chromium or Edge/);
  });

  it('refuses a path that does not exist, and a relative one', async () => {
    expect((await refusal('/nonexistent/chromium')).fields?.browserPath).toMatch(/does not exist/);
    expect((await refusal('chromium')).fields?.browserPath).toMatch(/full path/);
    expect((await refusal('/etc/passwd')).fields?.browserPath).toMatch(/not executable/);
  });

  it('refuses a script that prints "Chromium 1.0"', async () => {
    expect((await refusal(fakeBrowser('chromium-1', 'Chromium 1.0'))).fields?.browserPath).toMatch(/does not answer --version/);
  });

  it('refuses a script that prints a real Chromium version but does not start as a browser', async () => {
    const fake = fakeBrowser('chromium-fake', 'Chromium 120.0.6099.224 built on Debian GNU/Linux 12 (bookworm)');
    const e = await refusal(fake);
    expect(e.fields?.browserPath).toMatch(/names itself a browser but does not start as one/);
  }, 60_000);

  it('accepts the real Chromium', async () => {
    const saved = (await service.handle('settings.save', { browserPath: '/usr/bin/chromium' })) as { browserPath?: string };
    expect(saved.browserPath).toBe('/usr/bin/chromium');
  }, 60_000);

  it('at booking time a path found in the store is asked for --version before it is launched', async () => {
    await expect(findBrowser('/bin/sh')).rejects.toThrow(/not a Chrome\/Chromium\/Edge browser/);
    const fake = fakeBrowser('chromium-2', 'Chromium 1.0');
    await expect(findBrowser(fake)).rejects.toThrow(/not a Chrome\/Chromium\/Edge browser/);
    expect((await findBrowser('/usr/bin/chromium')).path).toBe('/usr/bin/chromium');
  }, 30_000);
});
