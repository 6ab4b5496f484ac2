// Browser scripts of the "booked" site, as inline <script> text: the navbar dropdowns and dashboard
// accordions, the schedule's single delegated click handler, and the reservation form's AJAX save/delete
// with its result modal. Written in plain ES5-style JS like LibreBooking's own jQuery-era scripts.

/** Navbar dropdowns (Bootstrap-like: a toggle link, a menu shown by a class) and collapsible widgets. */
export const CHROME_SCRIPT = `<script>
(function(){
  function closeAll(except){document.querySelectorAll('.dropdown-menu.show').forEach(function(m){if(m!==except){m.classList.remove('show');var t=m.parentNode.querySelector('.dropdown-toggle');if(t)t.setAttribute('aria-expanded','false');}});}
  document.querySelectorAll('[data-bs-toggle="dropdown"]').forEach(function(t){
    t.addEventListener('click',function(e){e.preventDefault();e.stopPropagation();var m=t.parentNode.querySelector('.dropdown-menu');var open=!m.classList.contains('show');closeAll(m);m.classList.toggle('show',open);t.setAttribute('aria-expanded',String(open));});
  });
  document.addEventListener('click',function(){closeAll(null);});
  document.querySelectorAll('[data-bs-toggle="collapse"]').forEach(function(b){
    b.addEventListener('click',function(){var c=document.querySelector(b.getAttribute('data-bs-target'));var open=!c.classList.contains('show');c.classList.toggle('show',open);b.classList.toggle('collapsed',!open);b.setAttribute('aria-expanded',String(open));});
  });
})();
</script>`;

/**
 * The schedule's click handling: ONE listener on the container, delegated to the slot cells, which carry
 * no href, no onclick, no role and no tabindex. A free cell opens a new reservation for its resource and
 * period; a reserved cell opens that reservation.
 */
export const SCHEDULE_SCRIPT = `<script>
(function(){
  var container=document.getElementById('reservations');
  container.addEventListener('click',function(e){
    var td=e.target.closest('td.clickres');
    if(!td||!container.contains(td))return;
    if(td.classList.contains('reserved')){
      var rn=td.getAttribute('resid');
      if(rn)window.location.href='reservation.php?rn='+encodeURIComponent(rn);
      return;
    }
    var rid=td.getAttribute('data-resourceid');
    window.location.href='reservation.php?rid='+encodeURIComponent(rid)+'&sd='+encodeURIComponent(td.getAttribute('data-start'))+'&ed='+encodeURIComponent(td.getAttribute('data-end'));
  });
})();
</script>`;

/** Shared modal helpers for the reservation page (the Bootstrap modal LibreBooking shows results in). */
const MODAL_JS = `
  var modal=document.getElementById('reservation-modal'),backdrop=document.getElementById('modal-backdrop');
  var mTitle=document.getElementById('reservation-modal-title'),mBody=document.getElementById('reservation-modal-body'),mFooter=document.getElementById('reservation-modal-footer');
  function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!=null)e.textContent=text;return e;}
  function show(title,bodyNodes,buttons){
    mTitle.textContent=title;mBody.replaceChildren.apply(mBody,bodyNodes);mFooter.replaceChildren.apply(mFooter,buttons);
    modal.hidden=false;backdrop.hidden=false;modal.classList.add('show');
  }
  function hide(){modal.hidden=true;backdrop.hidden=true;modal.classList.remove('show');}
  function button(label,cls,onClick){var b=el('button','btn '+cls,label);b.type='button';b.addEventListener('click',onClick);return b;}
  function post(url,body){
    return fetch(url,{method:'POST',credentials:'same-origin',headers:{'Content-Type':'application/x-www-form-urlencoded; charset=UTF-8','X-Requested-With':'XMLHttpRequest'},body:body.toString()})
      .then(function(r){return r.json();})
      .catch(function(){return {success:false,errors:['There was a critical error saving your reservation. If this continues, contact your system administrator.']};});
  }
`;

/** New reservation: date text inputs mirror into hidden system-format fields; both Create buttons save by fetch. */
export const RESERVATION_SCRIPT = `<script>
(function(){
${MODAL_JS}
  var form=document.getElementById('form-reservation');
  function pad(n){return (n<10?'0':'')+n;}
  function parseUs(v){var m=/^(\\d{1,2})\\/(\\d{1,2})\\/(\\d{4})$/.exec((v||'').trim());return m?m[3]+'-'+pad(+m[1])+'-'+pad(+m[2]):'';}
  var beginDate=document.getElementById('BeginDate'),endDate=document.getElementById('EndDate');
  var beginPeriod=document.getElementById('BeginPeriod'),endPeriod=document.getElementById('EndPeriod');
  function syncBegin(){document.getElementById('formattedBeginDate').value=parseUs(beginDate.value);endDate.value=beginDate.value;syncEnd();}
  function syncEnd(){document.getElementById('formattedEndDate').value=parseUs(endDate.value);}
  beginDate.addEventListener('input',syncBegin);beginDate.addEventListener('change',syncBegin);
  endDate.addEventListener('input',syncEnd);endDate.addEventListener('change',syncEnd);
  // Changing the begin time keeps the reservation's length, as LibreBooking does.
  beginPeriod.addEventListener('change',function(){if(beginPeriod.selectedIndex<endPeriod.options.length)endPeriod.selectedIndex=beginPeriod.selectedIndex;});
  function save(){
    show('Creating Reservation',[el('div','working','Working...')],[]);
    post('/Web/ajax/reservation_save.php',new URLSearchParams(new FormData(form))).then(function(d){
      if(d&&d.success){
        show('Reservation Created',[el('div','reservation-message','Your reservation was created'),el('div','reference','Reference number: '+d.referenceNumber)],
          [button('Close','btn-success',function(){window.location.href='/Web/dashboard.php';})]);
      }else{
        var list=el('div','error');((d&&d.errors)||[]).forEach(function(m){list.appendChild(el('div',null,m));});
        show('Reservation Failed',[el('div','reservation-message','Your reservation could not be made'),list],
          [button('Change Reservation','btn-warning',hide)]);
      }
    });
  }
  document.querySelectorAll('button.save.create').forEach(function(b){b.addEventListener('click',save);});
  document.querySelectorAll('button.cancel').forEach(function(b){b.addEventListener('click',function(){window.location.href=b.getAttribute('data-return');});});
})();
</script>`;

/** Existing reservation: Delete asks first, then posts the reference number and shows the result. */
export const EDIT_SCRIPT = `<script>
(function(){
${MODAL_JS}
  var form=document.getElementById('form-reservation');
  function remove(){
    show('Deleting Reservation',[el('div','working','Working...')],[]);
    post('/Web/ajax/reservation_delete.php',new URLSearchParams(new FormData(form))).then(function(d){
      if(d&&d.success){
        show('Reservation Deleted',[el('div','reservation-message','Your reservation was removed')],[button('Close','btn-success',function(){window.location.href='/Web/dashboard.php';})]);
      }else{
        var list=el('div','error');((d&&d.errors)||[]).forEach(function(m){list.appendChild(el('div',null,m));});
        show('Delete Failed',[el('div','reservation-message','Your reservation could not be removed'),list],[button('Close','btn-warning',hide)]);
      }
    });
  }
  document.querySelectorAll('button.delete').forEach(function(b){b.addEventListener('click',function(){
    show('Delete Reservation',[el('div','delete-warning','This action is permanent and cannot be undone!')],[button('Cancel','btn-default',hide),button('Delete','btn-danger',remove)]);
  });});
  document.querySelectorAll('button.cancel').forEach(function(b){b.addEventListener('click',function(){window.location.href=b.getAttribute('data-return');});});
})();
</script>`;
