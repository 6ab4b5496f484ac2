// Layout 2, "cards": a date picker form and quick day buttons, then slot cards rendered in the browser
// from /api/slots JSON, and a <dialog> to confirm the chosen lane.
import { shortDate } from './calendar';
import type { DayBoard } from './board';
import { esc, injectionNotice, page, type Chrome } from './html';

const CARDS_CSS = `<style>
.datepick{display:flex;gap:12px;align-items:flex-end;flex-wrap:wrap}
.chips{display:flex;gap:8px;flex-wrap:wrap;margin-top:14px}
.chips button{background:#fff;color:var(--accent-dark);border-radius:999px;padding:5px 14px;font-size:13px}
.chips button[aria-pressed=true]{background:var(--accent);color:#fff}
#slots{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:14px}
.slot{background:#fff;border:1px solid var(--line);border-radius:12px;padding:14px 16px;box-shadow:0 1px 3px rgba(0,0,0,.05)}
.slot h3{margin:0;font-size:20px;font-variant-numeric:tabular-nums}
.slot p{margin:2px 0 10px;color:var(--muted);font-size:13px}
.slot .lanes{display:flex;flex-wrap:wrap;gap:6px}
.slot .lanes button{font-size:12px;padding:4px 9px}
.slot .lanes .off{font-size:12px;padding:4px 9px;border-radius:6px;background:#f3f4f6;color:#9ca3af;text-decoration:line-through}
.slot .lanes .mine{font-size:12px;padding:4px 9px;border-radius:6px;background:#dcfce7;color:#166534}
.slot.full{opacity:.6}
dialog{border:0;border-radius:14px;padding:24px 28px;max-width:420px;box-shadow:0 20px 50px rgba(0,0,0,.35)}
dialog::backdrop{background:rgba(15,23,42,.5)}
dialog h2{margin-top:0}
dialog .actions{display:flex;gap:10px;justify-content:flex-end;margin-top:18px}
</style>`;

/** The browser-side renderer: fetches the day's slots and builds the cards; opens the dialog on a lane. */
const SCRIPT = `<script>
(function(){
var form=document.getElementById('date-form'),input=document.getElementById('date'),list=document.getElementById('slots'),
    title=document.getElementById('slots-title'),status=document.getElementById('slots-status'),dlg=document.getElementById('confirm');
function el(tag,attrs,text){var e=document.createElement(tag);for(var k in attrs)e.setAttribute(k,attrs[k]);if(text!=null)e.textContent=text;return e;}
function pressChips(date){document.querySelectorAll('.chips button').forEach(function(b){b.setAttribute('aria-pressed',String(b.dataset.date===date));});}
function load(date,push){
  input.value=date;pressChips(date);
  if(push)history.pushState({date:date},'','/timetable?date='+date);
  list.replaceChildren(el('p',{},'Loading sessions…'));status.textContent='';status.className='';
  fetch('/api/slots?date='+encodeURIComponent(date),{headers:{accept:'application/json'},credentials:'same-origin'})
  .then(function(r){
    if(r.status===401){location.href='/login?expired=1&next='+encodeURIComponent('/timetable?date='+date);throw new Error('login');}
    if(!r.ok)throw new Error('HTTP '+r.status);return r.json();})
  .then(function(d){
    title.textContent='Sessions on '+d.label;
    if(d.notice){status.textContent=d.notice;status.className='alert info';}
    list.replaceChildren();
    d.slots.forEach(function(s){
      var free=s.lanes.filter(function(l){return l.status==='free';}).length;
      var card=el('article',{'class':'slot'+(free?'':' full'),'aria-label':s.time+' session'});
      card.appendChild(el('h3',{},s.time));
      card.appendChild(el('p',{},'Lap swimming · '+(d.past?'finished':free+' of '+s.lanes.length+' lanes free')));
      var lanes=el('div',{'class':'lanes'});
      s.lanes.forEach(function(l){
        if(l.status==='free'&&!d.past){var b=el('button',{type:'button','aria-label':'Book Lane '+l.lane+' at '+s.time},'Lane '+l.lane);
          b.addEventListener('click',function(){open(d,s.time,l.lane);});lanes.appendChild(b);}
        else if(l.status==='mine')lanes.appendChild(el('span',{'class':'mine'},'Lane '+l.lane+' · yours'));
        else lanes.appendChild(el('span',{'class':'off','aria-label':'Lane '+l.lane+' unavailable'},'Lane '+l.lane));
      });
      card.appendChild(lanes);list.appendChild(card);
    });
  })
  .catch(function(e){if(e.message==='login')return;list.replaceChildren(el('p',{'class':'alert error',role:'alert'},'Sorry, we could not load the sessions ('+e.message+'). Please try again.'));
    var retry=el('button',{type:'button'},'Try again');retry.addEventListener('click',function(){load(date,false);});list.appendChild(retry);});
}
function open(d,time,lane){
  dlg.querySelector('[name=date]').value=d.date;dlg.querySelector('[name=time]').value=time;dlg.querySelector('[name=lane]').value=String(lane);
  document.getElementById('confirm-text').textContent='Lap swimming in Lane '+lane+' at '+time+' on '+d.label+'.';
  dlg.showModal();
}
document.getElementById('confirm-cancel').addEventListener('click',function(){dlg.close();});
form.addEventListener('submit',function(e){e.preventDefault();if(input.value)load(input.value,true);});
document.querySelectorAll('.chips button').forEach(function(b){b.addEventListener('click',function(){load(b.dataset.date,true);});});
window.addEventListener('popstate',function(e){if(e.state&&e.state.date)load(e.state.date,false);});
load(input.value,false);
})();
</script>`;

export function cardsPage(c: Chrome, o: { date: string; dates: string[]; min: string; max: string; notice?: string }): string {
  const body = `${CARDS_CSS}<h1>Pool timetable</h1><p class="lede">Pick a day, choose a session and a lane. ${esc(c.openingRule)}</p>
${o.notice ? `<p class="alert error" role="alert">${esc(o.notice)}</p>` : ''}
${c.canBook === false ? `<p class="alert error" role="alert">There are no bookings for this member.</p>` : ''}
<div class="panel">
<form id="date-form" class="datepick" method="get" action="/timetable">
<div class="field" style="margin:0"><label for="date">Date</label><input type="date" id="date" name="date" value="${esc(o.date)}" min="${esc(o.min)}" max="${esc(o.max)}" required></div>
<button type="submit">Show sessions</button></form>
<div class="chips" role="group" aria-label="Quick dates">${o.dates
    .map((d) => `<button type="button" class="secondary" data-date="${d}" aria-pressed="${d === o.date}">${esc(shortDate(d))}</button>`)
    .join('')}</div></div>
${c.injection ? injectionNotice() : ''}
<section aria-labelledby="slots-title"><h2 id="slots-title">Sessions</h2><p id="slots-status" role="status"></p>
<div id="slots" aria-live="polite"><p>Loading sessions…</p></div></section>
<dialog id="confirm" aria-labelledby="confirm-title"><form method="post" action="/timetable/book">
<h2 id="confirm-title">Confirm your booking</h2><p id="confirm-text"></p>
<input type="hidden" name="csrf" value="${esc(c.csrf ?? '')}"><input type="hidden" name="date"><input type="hidden" name="time"><input type="hidden" name="lane">
<div class="actions"><button type="button" class="secondary" id="confirm-cancel">Cancel</button><button type="submit">Confirm</button></div>
</form></dialog>${SCRIPT}`;
  return page(c, 'Pool timetable', body, '/timetable');
}

/** JSON for the cards layout's browser-side renderer. */
export function slotsJson(board: DayBoard) {
  return {
    date: board.date,
    label: board.label,
    open: board.open,
    past: board.past,
    notice: board.opensMessage ?? null,
    slots: board.slots.map((time) => ({ time, lanes: board.lanes.map((lane) => ({ lane, status: board.cell(time, lane) })) })),
  };
}
