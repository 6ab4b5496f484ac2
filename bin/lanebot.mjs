#!/usr/bin/env node
// The `lanebot` command. The service is TypeScript run through tsx, so there is no build step
// between editing and running; packaged Electron builds bundle it instead.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/service/cli.ts');
try {
  const code = await main(process.argv.slice(2));
  if (code >= 0) process.exit(code);
} catch (err) {
  console.error(`lanebot: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
