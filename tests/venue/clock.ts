// The venue's own clock: the machine clock plus a settable offset, so tests can put the venue ahead,
// behind, or just before a release while it keeps running in real time.

export class VenueClock {
  private offsetMs: number;

  constructor(opts: { offsetMs?: number; now?: Date } = {}) {
    this.offsetMs = 0;
    this.set(opts);
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  offset(): number {
    return this.offsetMs;
  }

  /** `now` wins over `offsetMs` when both are given: it pins the venue's present instant. */
  set(c: { offsetMs?: number; now?: Date }): void {
    if (c.now !== undefined) {
      const t = c.now.getTime();
      if (!Number.isFinite(t)) throw new Error('setClock: invalid date');
      this.offsetMs = t - Date.now();
    } else if (c.offsetMs !== undefined) {
      if (!Number.isFinite(c.offsetMs)) throw new Error('setClock: invalid offset');
      this.offsetMs = c.offsetMs;
    }
  }

  /** The HTTP Date header: whole seconds of the venue clock, so it ticks exactly on venue seconds. */
  httpDate(): string {
    return this.now().toUTCString();
  }
}
