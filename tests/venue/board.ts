// A read-only view of one day's lanes × times for a member, which every layout renders its own way.
import { addDays, longDate } from './calendar';
import type { VenueState } from './state';

export type CellStatus = 'free' | 'taken' | 'mine' | 'past';

export interface DayBoard {
  date: string;
  label: string;
  open: boolean;
  /** "Bookings for … open at …" when not open yet. */
  opensMessage?: string;
  past: boolean;
  slots: string[];
  lanes: number[];
  cell(time: string, lane: number): CellStatus;
  freeLanes(time: string): number[];
  freeCount(): number;
}

export function dayBoard(state: VenueState, member: string, date: string): DayBoard {
  const now = state.clock.nowMs();
  const lanes = Array.from({ length: state.opts.lanes }, (_, i) => i + 1);
  const cell = (time: string, lane: number): CellStatus => {
    const holder = state.slotHolder(date, time, lane);
    if (holder) return holder.member === member ? 'mine' : 'taken';
    if (state.slotStarted(date, time, now)) return 'past';
    return 'free';
  };
  const open = state.isOpen(date, now);
  return {
    date,
    label: longDate(date),
    open,
    opensMessage: open ? undefined : state.notOpenMessage(date),
    past: date < state.today(),
    slots: state.opts.slots,
    lanes,
    cell,
    freeLanes: (time) => lanes.filter((l) => cell(time, l) === 'free'),
    freeCount: () => state.opts.slots.reduce((n, t) => n + lanes.filter((l) => cell(t, l) === 'free').length, 0),
  };
}

/** Dates a member can pick in the date pickers: today through one day past the booking window,
 * so a page opened just before midnight already offers the date that is about to open. */
export function pickableDates(state: VenueState): string[] {
  const today = state.today();
  return Array.from({ length: state.opts.daysAhead + 2 }, (_, i) => addDays(today, i));
}
