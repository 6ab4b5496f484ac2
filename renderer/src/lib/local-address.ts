// Whether an address stays on this machine or the local network, where plain http:// is fine (an
// Ollama on 127.0.0.1, a home server at 192.168.1.20 or nas.local); elsewhere prompts would cross
// the internet unencrypted, so https:// is the safe choice.

function ipv4(host: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.every((n) => n <= 255) ? parts : undefined;
}

export function isLocalHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.lan') || h.endsWith('.home.arpa')) return true;
  const v4 = ipv4(h);
  if (v4) {
    const [a, b] = v4 as [number, number];
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  // IPv6: loopback, unique-local (fc00::/7) and link-local (fe80::/10).
  return h === '::1' || /^f[cd][0-9a-f]{2}:/.test(h) || /^fe[89ab][0-9a-f]:/.test(h);
}

/** A warning for an http:// address that leaves the local network, else undefined. */
export function plainHttpWarning(address: string): string | undefined {
  try {
    const u = new URL(address.trim());
    if (u.protocol !== 'http:' || isLocalHost(u.hostname)) return undefined;
    return `${u.host} is not on this machine or your local network, and http:// would send the booking pages unencrypted. Use https:// for a remote Ollama.`;
  } catch {
    return undefined;
  }
}
