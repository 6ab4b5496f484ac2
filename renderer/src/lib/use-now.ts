// A ticking clock for countdowns, corrected by the service's clock so a skewed viewer (another
// device looking at a home server) still counts down to the right instant.
import { useEffect, useMemo, useState } from 'react';

export function useNow(intervalMs = 1000, serverNow?: string): number {
  const [, setTick] = useState(0);
  // Measured once per status answer: how far the service's clock is from ours.
  const offset = useMemo(() => {
    const t = serverNow ? Date.parse(serverNow) : Number.NaN;
    return Number.isNaN(t) ? 0 : t - Date.now();
  }, [serverNow]);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return Date.now() + offset;
}
