/* Metrics (demo): a stand-in for an analytics vendor, served by the demo site itself.
 * When it runs it writes, like a real one would, one cookie, one localStorage key, one
 * sessionStorage key and one IndexedDB database, all declared as "analytics" in the example
 * configuration. ConsentKit keeps it from running until analytics is allowed. */
(function () {
  'use strict';
  var SRC = '/demo/vendor/analytics.js';
  var id = Math.random().toString(36).slice(2, 12);
  document.cookie = '_mx_id=' + id + '; Max-Age=34128000; Path=/; SameSite=Lax';
  try { localStorage.setItem('mx_client', localStorage.getItem('mx_client') || id); } catch (e) { /* storage refused */ }
  try { sessionStorage.setItem('mx_session', String(Date.now())); } catch (e) { /* storage refused */ }
  try {
    var open = indexedDB.open('mx-events', 1);
    open.onupgradeneeded = function () { open.result.createObjectStore('events', { autoIncrement: true }); };
    open.onsuccess = function () {
      var db = open.result;
      var tx = db.transaction('events', 'readwrite');
      tx.objectStore('events').add({ type: 'page_view', path: location.pathname, at: Date.now() });
      tx.oncomplete = function () { db.close(); };
    };
  } catch (e) { /* IndexedDB refused */ }
  window.demoVendors = window.demoVendors || {};
  window.demoVendors.analytics = true;
  var item = document.querySelector('[data-vendor="' + SRC + '"]');
  if (item) {
    item.setAttribute('data-state', 'ran');
    item.querySelector('.vendor-state').textContent = 'ran: counted this page view';
  }
})();
