// A ticking clock for countdowns, corrected by the service's clock so a skewed viewer (another
// device looking at a home server) still counts down to the right instant.
import { useEffect, useState } from 'react';

export function useNow(intervalMs = 1000, serverNow?: string): number {
  const [offset, setOffset] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!serverNow) return;
    const t = Date.parse(serverNow);
    if (!Number.isNaN(t)) setOffset(t - Date.now());
  }, [serverNow]);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now + offset;
}
