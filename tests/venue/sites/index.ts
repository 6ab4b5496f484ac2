// The registry of venue sites beyond the three original layouts. Each site lives in its own folder here
// and is listed once below; server.ts dispatches to it, index.ts exposes its paths.
import type { VenueSite } from '../site';
import { bookedSite } from './booked/index';
import { daypickerSite } from './daypicker/index';
import { hallenbad } from './hallenbad/index';
import { mrbsSite } from './mrbs/index';
import { piscine } from './piscine/index';

export const SITES: readonly VenueSite[] = [bookedSite, mrbsSite, hallenbad, piscine, daypickerSite];

export function siteNamed(name: string): VenueSite | undefined {
  return SITES.find((s) => s.name === name);
}
