// The MRBS site's view of the venue's world: one area "Pool" whose rooms are the lanes (room ids that are
// not lane numbers, as in any MRBS database that had rooms before), MRBS's date and time wording, and the
// brief/full descriptions members type, which the shared booking record has no field for.
import { weekday } from '../../calendar';
import type { VenueState } from '../../state';
import type { VenueBooking } from '../../types';

export const AREA_ID = 1;
export const AREA_NAME = 'Pool';
export const COMPANY = 'Riverside Leisure Centre';
/** MRBS's own name for itself (vocab "mrbs"), shown in the banner and the page title. */
export const MRBS_TITLE = 'Meeting Room Booking System';
/** Lane L is room 4 + L: rooms 1–4 were the meeting rooms this MRBS started with, since deleted. */
const ROOM_OFFSET = 4;

export function roomIdOf(lane: number): number {
  return lane + ROOM_OFFSET;
}

export function laneOfRoom(roomId: number): number {
  return roomId - ROOM_OFFSET;
}

export function roomName(lane: number): string {
  return `Lane ${lane}`;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function ymd(date: string): { year: number; month: number; day: number } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return { year: y, month: m, day: d };
}

export function isoOf(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The datepicker's US display format: "12/8/2026" (no zero padding). */
export function mdy(date: string): string {
  const { year, month, day } = ymd(date);
  return `${month}/${day}/${year}`;
}

/** strftime "%A %d %B %Y", MRBS's day heading: "Tuesday 08 December 2026". */
export function mrbsDate(date: string): string {
  const { year, month, day } = ymd(date);
  return `${DAYS[weekday(date)]} ${String(day).padStart(2, '0')} ${MONTHS[month - 1]} ${year}`;
}

/** MRBS's time_date_string: "07:00 - Tuesday 08 December 2026". */
export function timeDate(time: string, date: string): string {
  return `${time} - ${mrbsDate(date)}`;
}

export function secondsOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 3600 + m * 60;
}

export function hm(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** "1 hour", "2 hours", "30 minutes", "1.5 hours": MRBS's duration wording. */
export function durationText(seconds: number): string {
  if (seconds % 3600 === 0 || seconds > 3600) {
    const h = seconds / 3600;
    return `${Number.isInteger(h) ? h : h.toFixed(1).replace(/\.0$/, '')} ${h === 1 ? 'hour' : 'hours'}`;
  }
  const m = Math.round(seconds / 60);
  return `${m} ${m === 1 ? 'minute' : 'minutes'}`;
}

/** MRBS entry ids are plain numbers; the venue's are "B00012". */
export function entryIdOf(b: VenueBooking): number {
  return Number(b.id.replace(/^\D+/, ''));
}

export function bookingOfEntry(state: VenueState, entryId: number): VenueBooking | undefined {
  return Number.isInteger(entryId) && entryId > 0 ? state.bookings.find((b) => entryIdOf(b) === entryId) : undefined;
}

/** "Sam P.": what a member types as a brief description by default. */
export function shortName(state: VenueState, member: string): string {
  const m = state.member(member);
  if (!m) return member;
  const [first = m.username, ...rest] = m.name.split(' ');
  const last = rest.at(-1);
  return last ? `${first} ${last[0]}.` : first;
}

export interface EntryText {
  name: string;
  description: string;
}

// One store per venue world, so parallel venues in one test process never share descriptions.
const texts = new WeakMap<VenueState, Map<string, EntryText>>();

// Keyed by id and creation instant: a reset venue hands out "B00001" again for a different booking.
const textKey = (b: VenueBooking) => `${b.id}@${b.createdAtMs}`;

export function rememberText(state: VenueState, b: VenueBooking, t: EntryText): void {
  let m = texts.get(state);
  if (!m) texts.set(state, (m = new Map()));
  m.set(textKey(b), t);
}

/** The booking's brief and full description; bookings made elsewhere (seeds, competitors) carry the name. */
export function entryText(state: VenueState, b: VenueBooking): EntryText {
  return texts.get(state)?.get(textKey(b)) ?? { name: shortName(state, b.member), description: '' };
}
