/* ChatCo (demo): a stand-in for a chat widget, served by the demo site itself. When it runs it
 * shows a small chat in #chat-widget and writes one cookie, one localStorage key, one
 * sessionStorage key and one IndexedDB database, all declared as "preferences". Messages stay in
 * this browser. */
(function () {
  'use strict';
  var SRC = '/demo/vendor/chat.js';
  var root = document.getElementById('chat-widget');
  var history = [];
  try { history = JSON.parse(localStorage.getItem('chat_history') || '[]'); } catch (e) { history = []; }
  document.cookie = 'chat_prefs=' + encodeURIComponent('sound=off') + '; Max-Age=31536000; Path=/; SameSite=Lax';
  try { sessionStorage.setItem('chat_open', '1'); } catch (e) { /* storage refused */ }
  var drafts = null;
  try {
    var open = indexedDB.open('chat-drafts', 1);
    open.onupgradeneeded = function () { open.result.createObjectStore('drafts'); };
    open.onsuccess = function () { drafts = open.result; };
  } catch (e) { /* IndexedDB refused */ }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) { e.textContent = text; }
    return e;
  }

  if (root) {
    root.textContent = '';
    root.classList.add('chat-on');
    root.appendChild(el('p', { 'class': 'chat-intro' }, root.getAttribute('data-intro') || 'Chat'));
    var log = el('ol', { 'class': 'chat-log', 'aria-live': 'polite', 'aria-label': 'Chat messages' });
    var render = function (m) { log.appendChild(el('li', {}, m)); };
    render('ChatCo bot: Welcome! Messages you send stay in this browser.');
    history.slice(-10).forEach(render);
    var form = el('form', { 'class': 'chat-form' });
    var label = el('label', { 'for': 'chat-input', 'class': 'visually-hidden' }, 'Message');
    var input = el('input', { id: 'chat-input', type: 'text', maxlength: '200', autocomplete: 'off', placeholder: 'Write a message' });
    var send = el('button', { type: 'submit', 'class': 'button' }, 'Send');
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(send);
    input.addEventListener('input', function () {
      if (drafts) {
        try { drafts.transaction('drafts', 'readwrite').objectStore('drafts').put(input.value, location.pathname); } catch (e) { /* closed */ }
      }
    });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var text = input.value.trim();
      if (!text) { return; }
      var line = 'You: ' + text;
      history.push(line);
      try { localStorage.setItem('chat_history', JSON.stringify(history.slice(-50))); } catch (e) { /* storage refused */ }
      render(line);
      input.value = '';
    });
    root.appendChild(log);
    root.appendChild(form);
  }
  try { localStorage.setItem('chat_history', JSON.stringify(history.slice(-50))); } catch (e) { /* storage refused */ }
  window.demoVendors = window.demoVendors || {};
  window.demoVendors.chat = true;
  var item = document.querySelector('[data-vendor="' + SRC + '"]');
  if (item) {
    item.setAttribute('data-state', 'ran');
    item.querySelector('.vendor-state').textContent = 'ran: the chat is open';
  }
})();
