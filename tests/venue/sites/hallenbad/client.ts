// The booking page's browser script (served inline): the German flatpickr date picker that navigates on
// change, the "Buchung bestätigen" dialog, the fetch POST to /api/buchungen and the second dialog that
// shows the outcome. Plain ES5 as the real portals ship it.
export const CLIENT_SCRIPT = `
(function(){
var input=document.getElementById('datum');
flatpickr(input,{locale:'de',dateFormat:'d.m.Y',defaultDate:input.value,now:input.dataset.heute,minDate:input.dataset.min,maxDate:input.dataset.max,disableMobile:true,
  onChange:function(sel,str){if(str)location.href='/buchen?datum='+encodeURIComponent(str);}});
var csrf=document.querySelector('meta[name=csrf-token]').getAttribute('content');
var frage=document.getElementById('bestaetigen'),ergebnis=document.getElementById('ergebnis');
var ja=document.getElementById('verbindlich'),gewaehlt=null,nachSchliessen=null;
document.querySelectorAll('button.slot').forEach(function(b){b.addEventListener('click',function(){
  gewaehlt={bahn:Number(b.dataset.bahn),beginn:b.dataset.beginn};
  document.getElementById('zusammenfassung').textContent=b.dataset.text;
  ja.disabled=false;frage.showModal();});});
document.getElementById('abbrechen').addEventListener('click',function(){frage.close();});
function zeige(titel,text,nummer){
  document.getElementById('ergebnis-titel').textContent=titel;
  document.getElementById('ergebnis-text').textContent=text;
  document.getElementById('ergebnis-nummer').textContent=nummer?'Buchungsnummer: '+nummer:'';
  frage.close();ergebnis.showModal();}
ja.addEventListener('click',function(){
  if(!gewaehlt)return;ja.disabled=true;
  fetch('/api/buchungen',{method:'POST',credentials:'same-origin',
    headers:{'Content-Type':'application/json','X-CSRF-Token':csrf,'Accept':'application/json'},
    body:JSON.stringify({datum:input.value,beginn:gewaehlt.beginn,bahn:gewaehlt.bahn})})
  .then(function(r){return r.json().catch(function(){return {};}).then(function(d){return {status:r.status,d:d};});})
  .then(function(x){
    if(x.status===401){nachSchliessen=function(){location.href='/anmelden?abgelaufen=1&weiter='+encodeURIComponent(location.pathname+location.search);};
      return zeige('Sitzung abgelaufen',x.d.meldung||'Bitte melden Sie sich erneut an.');}
    if(x.status>=500)return zeige('Fehler','Der Buchungsdienst ist derzeit nicht erreichbar (Fehler '+x.status+'). Bitte versuchen Sie es später erneut.');
    if(x.d.erfolg)return zeige('Buchung erfolgreich','Ihre Bahn wurde verbindlich gebucht.',x.d.buchungsnummer);
    zeige('Buchung nicht möglich',x.d.meldung||'Die Buchung konnte nicht durchgeführt werden.');})
  .catch(function(){zeige('Fehler','Die Buchung konnte nicht übermittelt werden. Bitte versuchen Sie es erneut.');});
});
document.getElementById('schliessen').addEventListener('click',function(){
  ergebnis.close();if(nachSchliessen)nachSchliessen();else location.reload();});
})();
`;
