/* The demo site's own script: the waiting-room countdown. It writes no cookie and no storage. */
(function () {
  'use strict';
  var box = document.getElementById('countdown');
  if (!box) { return; }
  var value = box.querySelector('.countdown-value');
  var starts = Date.parse(box.getAttribute('data-starts-at'));
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function tick() {
    var s = Math.floor((starts - Date.now()) / 1000);
    if (isNaN(s)) { return; }
    if (s <= 0) { value.textContent = 'Live now'; return; }
    value.textContent = Math.floor(s / 86400) + 'd ' + pad(Math.floor(s / 3600) % 24) + 'h ' +
      pad(Math.floor(s / 60) % 60) + 'm ' + pad(s % 60) + 's';
    setTimeout(tick, 1000 - (Date.now() % 1000));
  }
  tick();
})();
