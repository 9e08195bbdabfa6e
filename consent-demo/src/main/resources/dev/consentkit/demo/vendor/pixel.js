/* AdNet conversion pixel (demo): reports a completed registration to the advertising network,
 * served by the demo site itself. When it runs it writes one cookie, one localStorage key, one
 * sessionStorage key and one IndexedDB database, all declared as "marketing". */
(function () {
  'use strict';
  var SRC = '/demo/vendor/pixel.js';
  var id = Math.random().toString(36).slice(2, 14);
  document.cookie = '_adpx_id=' + id + '; Max-Age=7776000; Path=/; SameSite=Lax';
  try {
    var segments = JSON.parse(localStorage.getItem('adnet_segments') || '[]');
    if (segments.indexOf('converted') < 0) { segments.push('converted'); }
    localStorage.setItem('adnet_segments', JSON.stringify(segments));
  } catch (e) { /* storage refused */ }
  try { sessionStorage.setItem('adnet_click', sessionStorage.getItem('adnet_click') || 'direct'); } catch (e) { /* storage refused */ }
  try {
    var open = indexedDB.open('adnet-conversions', 1);
    open.onupgradeneeded = function () { open.result.createObjectStore('pending', { autoIncrement: true }); };
    open.onsuccess = function () {
      var db = open.result;
      var tx = db.transaction('pending', 'readwrite');
      tx.objectStore('pending').add({ event: 'registration', path: location.pathname, at: Date.now() });
      tx.oncomplete = function () { db.close(); };
    };
  } catch (e) { /* IndexedDB refused */ }
  window.demoVendors = window.demoVendors || {};
  window.demoVendors.pixel = true;
  var item = document.querySelector('[data-vendor="' + SRC + '"]');
  if (item) {
    item.setAttribute('data-state', 'ran');
    item.querySelector('.vendor-state').textContent = 'ran: reported your registration';
  }
})();
