// Which secrets are passwords, judged by their names (the model only ever sees the names).

/** A secret that looks like a password may only go into a password field: no search box, no URL. */
export function isPasswordSecret(name: string): boolean {
  return /pass|pin/i.test(name);
}

/**
 * The authenticator (TOTP) seed: never typed anywhere and never shown to the model; Lanebot types only the codes it
 * makes from it, into a one-time-code field on an allowed origin.
 */
export function isTotpSecret(name: string): boolean {
  return /^(?:totp|otp|mfa|2fa|authenticator)(?:_?(?:secret|seed|key))?$/i.test(name);
}
