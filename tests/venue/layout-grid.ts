// Layout 1, "grid": a week of day tabs with icon-only previous/next-week arrows, and the chosen day as a
// lanes × times table whose free cells are buttons in one booking form.
import { addDays, dayMonth, longDate, mondayOf, shortDate } from './calendar';
import type { DayBoard } from './board';
import { esc, injectionNotice, page, type Chrome } from './html';

const ARROW_LEFT = `<svg width="18" height="18" viewBox="0 0 20 20" aria-hidden="true"><path d="M12.5 4 6.5 10l6 6" stroke="currentColor" stroke-width="2.4" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
const ARROW_RIGHT = `<svg width="18" height="18" viewBox="0 0 20 20" aria-hidden="true"><path d="m7.5 4 6 6-6 6" stroke="currentColor" stroke-width="2.4" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

const GRID_CSS = `<style>
.weekbar{display:flex;align-items:center;gap:12px;margin-bottom:10px}
.weekbar h2{font-size:17px;margin:0;flex:1;text-align:center}
.weekbar button{width:38px;height:38px;padding:0;display:flex;align-items:center;justify-content:center;border-radius:50%}
.days{display:grid;grid-template-columns:repeat(7,1fr);gap:6px;margin-bottom:16px}
.days a{display:block;text-align:center;padding:8px 4px;border-radius:8px;background:#fff;border:1px solid var(--line);text-decoration:none;color:var(--ink);font-size:13px}
.days a span{display:block;color:var(--muted);font-size:11px}
.days a[aria-current=date]{background:var(--accent);color:#fff;border-color:var(--accent)}
.days a[aria-current=date] span{color:#e0f2fe}
table.lanes td,table.lanes th{text-align:center;padding:5px 6px}
table.lanes tbody th{text-align:right;color:var(--muted);font-variant-numeric:tabular-nums;width:70px}
table.lanes button{padding:3px 10px;font-size:13px;width:100%}
td.taken{color:#9ca3af;background:#f9fafb;font-size:13px}
td.mine{background:#dcfce7;color:#166534;font-weight:600;font-size:13px}
td.past{color:#d1d5db}
</style>`;

export function gridPage(c: Chrome, board: DayBoard, o: { freeByDay: Map<string, number>; notice?: string }): string {
  const week = mondayOf(board.date);
  const days = Array.from({ length: 7 }, (_, i) => addDays(week, i));
  const arrow = (label: string, date: string, icon: string) =>
    `<form method="get" action="/book"><input type="hidden" name="date" value="${esc(date)}"><button type="submit" aria-label="${label}" title="${label}">${icon}</button></form>`;
  const cell = (time: string, lane: number) => {
    switch (board.cell(time, lane)) {
      case 'free':
        return board.past
          ? '<td class="past">–</td>'
          : `<td><button type="submit" name="slot" value="${esc(`${board.date}|${time}|${lane}`)}" aria-label="Book Lane ${lane} at ${esc(time)} on ${esc(dayMonth(board.date))}">Book</button></td>`;
      case 'taken':
        return '<td class="taken">Taken</td>';
      case 'mine':
        return '<td class="mine">Your booking</td>';
      case 'past':
        return '<td class="past">–</td>';
    }
  };
  const body = `${GRID_CSS}<h1>Book a lane</h1>
<p class="lede">Lap swimming · hourly sessions · ${esc(c.openingRule)}</p>
${o.notice ? `<p class="alert error" role="alert">${esc(o.notice)}</p>` : ''}
${c.canBook === false ? `<p class="alert error" role="alert">There are no bookings for this member.</p>` : ''}
<div class="panel">
<div class="weekbar">${arrow('Previous week', addDays(board.date, -7), ARROW_LEFT)}<h2>Week of ${esc(longDate(week))}</h2>${arrow('Next week', addDays(board.date, 7), ARROW_RIGHT)}</div>
<nav class="days" aria-label="Days of the week">${days
    .map((d) => `<a href="/book?date=${d}"${d === board.date ? ' aria-current="date"' : ''}>${esc(shortDate(d))}<span>${o.freeByDay.get(d) ?? 0} free</span></a>`)
    .join('')}</nav>
${board.opensMessage ? `<p class="alert info" role="status">${esc(board.opensMessage)}</p>` : ''}
${c.injection ? injectionNotice() : ''}
<form method="post" action="/book"><input type="hidden" name="csrf" value="${esc(c.csrf ?? '')}">
<table class="lanes"><caption>Lanes for ${esc(board.label)}</caption>
<thead><tr><th scope="col">Time</th>${board.lanes.map((l) => `<th scope="col">Lane ${l}</th>`).join('')}</tr></thead>
<tbody>${board.slots.map((t) => `<tr><th scope="row">${esc(t)}</th>${board.lanes.map((l) => cell(t, l)).join('')}</tr>`).join('\n')}</tbody></table>
</form></div>`;
  return page(c, `Book a lane – ${board.label}`, body, '/book');
}
