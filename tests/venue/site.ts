// A venue site: a booking application modelled on one that real venues run (its own URLs, pages, scripts,
// language and date formats). Every site shares the venue's world — members, sessions, bookings, rules,
// clock, faults and the ground truth — so a test judges any site by the same /__test/bookings.
import type { Page } from 'playwright-core';
import type { Chrome } from './html';
import type { Ctx } from './http';
import type { Session, VenueState } from './state';

/** What the server lends a site for its routes: the shared rules and the answers every site gives alike. */
export interface SiteKit {
  chrome(): Chrome;
  notFound(): void;
  /** The signed-in member's session, or undefined after redirecting to `loginPath` (with ?next=). */
  requireMember(loginPath?: string): Session | undefined;
  /** false (and a 403 page already sent) when the form's csrf field is not the session's. */
  checkCsrf(s: Session, form: URLSearchParams, field?: string): boolean;
  /**
   * The one judgement of a booking request (release, conflicts, one per member per day, rights). Logs the
   * outcome for ground truth. Returns the result instead of answering, so the site answers in its own way.
   */
  judge(s: Session, date: string, time: string, lane: number): import('./state').BookResult;
}

export interface VenueSite {
  /** The layout name tests choose it by (`startVenue({ layout })`). */
  name: string;
  /** What real application it is modelled on and which of its warts it reproduces (for the README table). */
  about: string;
  /** Does this site serve the path? (its pages, forms, APIs and assets). */
  owns(path: string): boolean;
  /** Where a member sees their own bookings (the profile's bookings page). */
  bookingsPath: string;
  /** The main booking page (where a booking starts). */
  bookingPagePath: string;
  /** The site's entry page (the profile's start URL). */
  startPath: string;
  /** Answers a request for a path it owns. Only called while this site is the venue's current layout. */
  route(state: VenueState, ctx: Ctx, kit: SiteKit): Promise<void>;
  /**
   * The hand-written playwright-core script that books on this site by its shortest human route, logging in
   * first (the speed baseline and the proof the site can be booked). Throws with the site's words when refused.
   */
  bookByHand(page: Page, venueUrl: string, creds: { username: string; password: string }, want: { date: string; time: string; lane: number }): Promise<void>;
}
