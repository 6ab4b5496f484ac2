#!/usr/bin/env node
// Makes sure a Chromium-family browser exists before tests or the service need one. As root on
// Debian it installs Debian's chromium; anywhere else it prints the exact command and fails.
import { accessSync, constants, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CANDIDATES = [
  process.env.LANEBOT_BROWSER,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/microsoft-edge',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
].filter(Boolean);

function executable(p) {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findInstalledBrowser() {
  return CANDIDATES.find(executable);
}

const quiet = process.argv.includes('--quiet');
const found = findInstalledBrowser();
if (found) {
  if (!quiet) console.log(`Browser: ${found}`);
  process.exit(0);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const isDebian = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
if (isRoot && isDebian) {
  console.log('No Chromium found: installing Debian’s chromium (apt-get install -y chromium)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  if (executable('/usr/bin/chromium')) process.exit(0);
  console.error('apt-get finished but /usr/bin/chromium is still missing.');
  process.exit(1);
}
const cmd = isDebian ? 'sudo apt-get install -y chromium' : process.platform === 'darwin' ? 'brew install --cask chromium' : 'install Chromium or Google Chrome from your package manager';
console.error(`Lanebot needs a Chromium-family browser and found none. Run: ${cmd}\n(or set LANEBOT_BROWSER to a browser's path)`);
process.exit(1);
