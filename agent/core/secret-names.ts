// Which secrets are passwords, judged by their names (the model only ever sees the names).

/** A secret that looks like a password may only go into a password field: no search box, no URL. */
export function isPasswordSecret(name: string): boolean {
  return /pass|pin/i.test(name);
}
