// Types for start-decision.mjs (plain JS so `npm start` needs no TypeScript loader).
export function electronBinaryPath(o: {
  electronPkgDir: string;
  env: Record<string, string | undefined>;
  readText: (path: string) => string | undefined;
}): string | undefined;

export type StartDecision = { mode: 'electron'; binary: string } | { mode: 'headless'; reason: string };

export function decideStart(o: {
  platform: string;
  env: Record<string, string | undefined>;
  electronBinary: string | undefined;
  binaryExists: boolean;
}): StartDecision;
