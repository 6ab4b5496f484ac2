// The simulated night's clock. One instant is shared by the service (createService({ now })) and the
// venue (setClock): set it to an attempt time and it runs on in real time from there, so the
// timestamps an attempt writes and the venue's clock stay in step while the attempt works.
import type { Venue } from '../venue/index';

export class NightClock {
  private base: number;
  private setAt = performance.now();
  private readonly venues: Venue[] = [];

  constructor(start: Date) {
    this.base = start.getTime();
  }

  now = (): Date => new Date(this.base + (performance.now() - this.setAt));

  /** Moves the machine and every attached venue to `at` (forwards or backwards, like a sleep or an NTP step). */
  set(at: Date): void {
    this.base = at.getTime();
    this.setAt = performance.now();
    for (const v of this.venues) v.setClock({ now: at });
  }

  /** The venue's clock follows this one from now on (its server clock is the simulated venue time). */
  attach(venue: Venue): void {
    this.venues.push(venue);
    venue.setClock({ now: this.now() });
  }
}
