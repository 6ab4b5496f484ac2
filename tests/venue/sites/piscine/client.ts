// The reservation page's browser script (served inline): FullCalendar's resource time grid fed from
// /api/creneaux, the flatpickr "Aller au …" field, and the "Réserver un créneau" modal whose form is sent
// by fetch to /api/reservations; the same modal then shows the outcome. The page hands its settings over
// in a JSON <script> block (window-free, as the real site's template does).
export const CLIENT_SCRIPT = `
(function(){
var cfg=JSON.parse(document.getElementById('config-planning').textContent);
var banniere=document.getElementById('bandeau-ouverture');
var modal=document.getElementById('modal-resa'),form=document.getElementById('form-resa'),
    titre=document.getElementById('modal-resa-titre'),resultat=document.getElementById('resultat'),
    debut=document.getElementById('debut'),fin=document.getElementById('fin'),recap=document.getElementById('recap');
function jour(iso){return new Date(Number(iso.slice(0,4)),Number(iso.slice(5,7))-1,Number(iso.slice(8,10)));}
function plus1h(t){var h=Number(t.slice(0,2))+1;return (h<10?'0':'')+h+t.slice(2);}
function remplirFin(){fin.innerHTML='';var o=document.createElement('option');o.value=plus1h(debut.value);o.textContent=plus1h(debut.value);fin.appendChild(o);}
var fp;
var cal=new FullCalendar.Calendar(document.getElementById('planning'),{
  schedulerLicenseKey:'GPL-My-Project-Is-Open-Source',
  initialView:'resourceTimeGridDay',initialDate:cfg.date,now:cfg.maintenant,locale:'fr',
  headerToolbar:{left:'prev,next today',center:'title',right:''},
  slotMinTime:cfg.debut,slotMaxTime:cfg.fin,allDaySlot:false,height:'auto',expandRows:true,
  slotLabelFormat:{hour:'2-digit',minute:'2-digit',hour12:false},
  eventTimeFormat:{hour:'2-digit',minute:'2-digit',hour12:false},
  resourceOrder:'position',resources:cfg.lignes,
  events:{url:'/api/creneaux'},
  eventSourceSuccess:function(data){
    if(data.bandeau){banniere.textContent=data.bandeau;banniere.hidden=false;}else{banniere.hidden=true;}
    return data.creneaux;},
  eventClick:function(info){if(info.event.extendedProps.etat!=='libre')return;ouvrir(info.event);},
  datesSet:function(info){var d=info.startStr.slice(0,10);history.replaceState(null,'','/reservation?date='+d);
    if(fp)fp.setDate(jour(d),false);}
});
cal.render();
fp=flatpickr(document.getElementById('aller-au'),{locale:'fr',dateFormat:'d/m/Y',defaultDate:jour(cfg.date),now:jour(cfg.maintenant),disableMobile:true,
  onChange:function(sel){if(sel[0])cal.gotoDate(sel[0]);}});
function ouvrir(ev){
  var ligne=cal.getResourceById(ev.getResources()[0].id);
  var d=ev.startStr.slice(0,10),t=ev.startStr.slice(11,16);
  form.hidden=false;resultat.hidden=true;titre.textContent='Réserver un créneau';
  form.elements.ressource.value=ligne.id;form.elements.date.value=d;
  recap.textContent=ligne.title+' — '+ev.extendedProps.jour;
  debut.innerHTML='';cfg.horaires.forEach(function(h){var o=document.createElement('option');o.value=h;o.textContent=h;if(h===t)o.selected=true;debut.appendChild(o);});
  remplirFin();
  form.querySelectorAll('button[type=submit]').forEach(function(b){b.disabled=false;});
  modal.hidden=false;document.body.classList.add('modal-ouvert');debut.focus();}
function fermer(){modal.hidden=true;document.body.classList.remove('modal-ouvert');cal.refetchEvents();}
debut.addEventListener('change',remplirFin);
document.getElementById('annuler-resa').addEventListener('click',fermer);
document.getElementById('fermer-resultat').addEventListener('click',fermer);
function montrer(t,texte){titre.textContent=t;document.getElementById('resultat-texte').textContent=texte;form.hidden=true;resultat.hidden=false;
  document.getElementById('fermer-resultat').focus();}
form.addEventListener('submit',function(e){
  e.preventDefault();form.querySelectorAll('button[type=submit]').forEach(function(b){b.disabled=true;});
  fetch('/api/reservations',{method:'POST',credentials:'same-origin',headers:{'Accept':'application/json'},body:new URLSearchParams(new FormData(form))})
  .then(function(r){return r.json().catch(function(){return {};}).then(function(d){return {status:r.status,d:d};});})
  .then(function(x){
    if(x.status===401){location.href='/connexion?expiree=1&suivant='+encodeURIComponent(location.pathname+location.search);return;}
    if(x.d.ok)return montrer('Réservation confirmée','Numéro : '+x.d.numero);
    if(x.status>=500)return montrer('Réservation impossible','Le service de réservation est momentanément indisponible (erreur '+x.status+'). Veuillez réessayer.');
    montrer('Réservation impossible',x.d.message||'La réservation n’a pas pu être enregistrée.');})
  .catch(function(){montrer('Réservation impossible','Erreur de connexion. Veuillez réessayer.');});
});
})();
`;
