/* AdNet (demo): a stand-in for an advertising network's campaign tag, served by the demo site
 * itself. When it runs it writes one cookie, one localStorage key, one sessionStorage key and one
 * IndexedDB database, all declared as "marketing" in the example configuration. */
(function () {
  'use strict';
  var SRC = '/demo/vendor/ads.js';
  var id = Math.random().toString(36).slice(2, 14);
  document.cookie = '_adnet_id=' + id + '; Max-Age=7776000; Path=/; SameSite=Lax';
  try { localStorage.setItem('adnet_segments', JSON.stringify(['webinars', 'b2b', location.pathname.split('/')[1] || 'home'])); } catch (e) { /* storage refused */ }
  try {
    var campaign = new URLSearchParams(location.search).get('utm_source') || 'direct';
    sessionStorage.setItem('adnet_click', campaign);
  } catch (e) { /* storage refused */ }
  try {
    var open = indexedDB.open('adnet-conversions', 1);
    open.onupgradeneeded = function () { open.result.createObjectStore('pending', { autoIncrement: true }); };
    open.onsuccess = function () { open.result.close(); };
  } catch (e) { /* IndexedDB refused */ }
  window.demoVendors = window.demoVendors || {};
  window.demoVendors.ads = true;
  var item = document.querySelector('[data-vendor="' + SRC + '"]');
  if (item) {
    item.setAttribute('data-state', 'ran');
    item.querySelector('.vendor-state').textContent = 'ran: tagged your browser for campaigns';
  }
})();
