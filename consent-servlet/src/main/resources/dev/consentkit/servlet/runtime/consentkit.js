/* ConsentKit runtime, see docs/browser-runtime.md */
(() => {
const D = document, W = window, L = location, O = Object, bs = D.getElementById('consentkit-bootstrap');
if (!bs || W.consentKit) return;
const B = JSON.parse(bs.textContent), T = B.texts, P = L.pathname, CATS = B.categories, notice = B.regime == 'notice';
const pick = ({decided, consentId, choices, allowed, regime, pageType}) => ({decided, consentId, choices, regime, pageType,
  allowed: allowed.filter(c => !navigator.globalPrivacyControl || regime != 'opt-out' || !CATS.find(x => x.id == c)?.saleOrSharing || choices?.[c])});
let S = pick(B), A = new Set(S.allowed);
for (const k in B.theme) D.documentElement.style.setProperty(k, B.theme[k]);

function gtag() { (W.dataLayer ||= []).push(arguments) }
const cm = t => {
  const o = {};
  'ad_storage ad_user_data ad_personalization analytics_storage functionality_storage personalization_storage security_storage'
    .split(' ').map(p => o[p] = 'denied');
  for (const on of [1, 0]) for (const c of CATS) if (A.has(c.id) == on) c.consentMode.map(p => o[p] = on ? 'granted' : 'denied');
  if (t == 'default') o.wait_for_update = B.consentMode.waitForUpdate;
  B.consentMode.enabled && gtag('consent', t, o);
};
cm('default');
S.decided && cm('update');

const DS = {}, rank = d => d.match == 'exact' ? 1e9 : d.match == 'prefix' ? d.name.length : 0;
for (const d of B.declarations) {
  if (d.match == 'regex') try { d.re = RegExp('^(?:' + d.name + ')$') } catch (e) { continue }
  (DS[d.kind] ||= []).push(d);
}
for (const k in DS) DS[k].sort((a, b) => rank(b) - rank(a));
const find = (k, n) => DS[k]?.find(d => d.re ? d.re.test(n) : d.match == 'prefix' ? n.startsWith(d.name) : n == d.name);
const url = u => { try { return new URL(u, L) } catch (e) {} };
const src = (k, u, x = url(u)) => find(k, u) || x && (find(k, x.href) || x.origin == L.origin && find(k, x.pathname + x.search));
const send = (u, b, m = 'POST') => fetch(B.endpoint + u, {method: m,
  headers: {'Content-Type': 'application/json'}, body: b && JSON.stringify({...b, page: P})});

const seen = new Set, q = [];
let tm;
const flush = () => tm = q.length && (send('/report', {items: q.splice(0, 50)}).catch(() => {}), setTimeout(flush, 1e4));
const ok = (kind, name, d = find(kind, name)) => {
  d || !name || name.length > 512 || seen.has(kind + ' ' + name) || (seen.add(kind + ' ' + name), q.push({kind, name}), tm ||= setTimeout(flush, 1e3));
  return d ? A.has(d.category) : B.undeclared == 'allow';
};

const def = (o, k, f) => { const d = O.getOwnPropertyDescriptor(o, k); O.defineProperty(o, k, {...d, ...f(d)}) };
let cookie;
def(Document.prototype, 'cookie', d => (cookie = d, {set(v) { ok('cookie', String(v).split(/[=;]/)[0].trim()) && d.set.call(this, v) }}));
const ST = {};
for (const k of ['localStorage', 'sessionStorage']) try {
  const p = new Proxy(ST[k] = W[k], {
    get: (t, n, r, v = t[n]) => typeof v != 'function' ? v : n == 'setItem' ? (a, b) => { ok(k, a += '') && t.setItem(a, b) } : v.bind(t),
    set: (t, n, v) => (ok(k, String(n)) && (t[n] = v), true)
  });
  O.defineProperty(W, k, {get: () => p, configurable: true});
} catch (e) {}
const rs = ST.sessionStorage;
if (W.IDBFactory) def(IDBFactory.prototype, 'open', d => ({value(n) {
  if (ok('indexedDB', String(n))) return d.value.apply(this, arguments);
  const r = new EventTarget, e = new Event('error');
  setTimeout(() => r.dispatchEvent(e) && r.onerror?.(e));
  return r;
}}));
if (W.CookieStore) def(CookieStore.prototype, 'set', d => ({value(a) {
  return ok('cookie', a?.name ?? String(a)) ? d.value.apply(this, arguments) : Promise.resolve();
}}));

const KIND = {SCRIPT: 'script', IFRAME: 'iframe'}, EP = Element.prototype, sa = EP.setAttribute;
const guard = (e, u) => {
  const k = KIND[e.tagName], d = k && src(k, u);
  if (!d || A.has(d.category) || e.ck == 1) return true; // 1: released
  e.dataset.consent = d.category;
  e.dataset.src = u;
};
EP.setAttribute = function (n, v) { (String(n).toLowerCase() != 'src' || guard(this, String(v)) || ph(this)) && sa.apply(this, arguments) };
for (const C of [HTMLScriptElement, HTMLIFrameElement]) def(C.prototype, 'src', d => ({set(v) { (guard(this, String(v)) || ph(this)) && d.set.call(this, v) }}));
// runs before the parser prepares a script
new MutationObserver(ms => {
  let go;
  for (const m of ms) for (const a of m.addedNodes) for (const n of [a, ...a.querySelectorAll?.('script,iframe') || []]) {
    const k = KIND[n.tagName], u = k && n.getAttribute('src');
    if (!k) continue;
    if (u && !guard(n, u)) {
      n.removeAttribute('src');
      if (k == 'script' && n.type != 'text/plain') n.dataset.type = n.type, n.type = 'text/plain';
    }
    const c = n.dataset.consent;
    if (c) A.has(c) ? go = 1 : ph(n);
  }
  go && D.readyState != 'loading' && activate();
}).observe(D, {childList: true, subtree: true});

let chain = Promise.resolve();
const activate = () => chain = chain.then(async () => {
  for (const e of D.querySelectorAll('script[data-consent],iframe[data-consent]')) {
    const a = A.has(e.dataset.consent), u = e.dataset.src;
    if (e.tagName == 'IFRAME') u && (a || rs?.getItem('ck.once:' + u)) && load(e);
    else if (a && (u || e.type == 'text/plain')) await run(e);
  }
});
// stopped by its type, a script is not "already started" and can run later
const run = e => new Promise(r => {
  const u = e.dataset.src || e.getAttribute('src'), t = e.dataset.type;
  ['data-src', 'data-type', 'src', 'type'].map(a => e.removeAttribute(a));
  if (t) e.type = t;
  if (u) {
    e.addEventListener('load', r);
    e.addEventListener('error', r);
    sa.call(e, 'src', u);
  } else r(e.text = e.text);
});
const load = f => {
  f.ck?.remove?.();
  f.ck = 1;
  f.hidden = false;
  for (const a of ['srcdoc', 'src']) if (f.hasAttribute('data-' + a)) {
    sa.call(f, a, f.getAttribute('data-' + a));
    f.removeAttribute('data-' + a);
  }
};

const purge = c => {
  const is = (k, n) => find(k, n)?.category == c, h = L.hostname.split('.'), p = P.split('/');
  for (const n of cookie.get.call(D).split(/; */).map(x => x.split('=')[0])) if (is('cookie', n))
    for (let i = 0; i <= h.length; i++) for (let j = 1; j <= p.length; j++) for (const x of ['', '.']) for (const y of ['', '/'])
      cookie.set.call(D, n + '=;max-age=0;path=' + (p.slice(0, j).join('/') + y || '/') + (h[i] ? ';domain=' + x + h.slice(i).join('.') : ''));
  for (const k in ST) O.keys(ST[k]).map(n => is(k, n) && ST[k].removeItem(n));
  indexedDB.databases?.().then(l => l.map(({name}) => is('indexedDB', name) && indexedDB.deleteDatabase(name)));
};

const h = (t, a, ...c) => {
  const e = D.createElement(t);
  for (const k in a) a[k] != null && e.setAttribute(k, a[k]);
  e.append(...c);
  return e;
};
const btn = (a, t, c = 'ck-btn', o) => h('button', {type: 'button', class: c, 'data-consent-action': a, ...o}, t);
const fmt = (s, o) => s.replace(/{(\w+)}/g, (m, k) => o[k] ?? m);

const ph = f => {
  const u = f.dataset.src, c = f.dataset.consent, l = CATS.find(x => x.id == c)?.label;
  if (f.ck || !u || f.localName != 'iframe' || !f.isConnected) return;
  const once = btn(null, T.loadOnce), always = btn(null, fmt(T.alwaysAllow, {category: l}));
  f.before(f.ck = h('div', {class: 'ck-ph', lang: B.locale, dir: B.dir},
    h('p', {}, fmt(T.placeholder, {provider: src('iframe', u)?.provider || url(u)?.host, category: l || c})), once, l ? always : ''));
  f.hidden = true;
  once.onclick = () => { rs?.setItem('ck.once:' + u, 1); load(f); f.focus() };
  always.onclick = () => K.set({[c]: true}).catch(() => {});
};

let R, st, op, pn, pw, pref, trap;
const row = (t, v) => h('tr', {}, ...v.map(x => h(t, {}, x || '')));
const panel = p => {
  pw?.remove();
  pref = p;
  trap = p || B.layout == 'modal';
  pn = h('div', {class: 'ck-b ck-' + (p ? 'p' : B.layout), role: 'dialog', 'aria-modal': trap || null, 'aria-labelledby': 'ck-t',
    'aria-describedby': 'ck-d', tabindex: -1, 'data-consent-banner': ''}, p ? btn('close', '×', 'ck-x', {'aria-label': T.close}) : '',
    h('h2', {id: 'ck-t'}, T[p ? 'preferencesTitle' : 'title']), h('p', {id: 'ck-d'}, T[p ? 'preferencesDescription' : 'description']),
    ...p ? CATS.map(c => {
      const id = 'ck-c-' + c.id, ds = B.declarations.filter(d => d.category == c.id);
      const i = h('input', {type: 'checkbox', role: 'switch', id, 'data-consent-category': c.id, 'aria-describedby': id + 'd'});
      i.checked = A.has(c.id);
      i.disabled = c.required;
      return h('div', {class: 'ck-c'}, h('div', {class: 'ck-h'}, h('label', {for: id}, c.label, c.required ? h('small', {}, T.alwaysOn) : ''), i),
        h('p', {id: id + 'd'}, c.description), ds.length ? h('table', {}, row('th', [T.colName, T.colKind, T.colProvider, T.colPurpose, T.colRetention]),
          ...ds.map(d => row('td', [d.name, T['kind.' + d.kind], d.provider, d.purpose, d.retention]))) : '');
    }) : [],
    h('p', {}, B.links.privacy ? h('a', {href: B.links.privacy}, T.privacyLink) : '', h('a', {href: B.links.cookies}, T.declarationLink)),
    h('div', {class: 'ck-a'}, ...notice && !p ? [btn('close', T.close)] : [btn('accept-all', T.acceptAll), btn('reject-all', T.rejectAll),
      p ? btn('save', T.save) : btn('customize', T.customize)]));
  R.append(pw = trap ? h('div', {class: 'ck-mb'}, pn) : pn);
  pn.focus();
};
const done = () => { pw.remove(); op.focus() };
const close = () => S.decided || notice ? (notice && rs?.setItem('ck.notice', 1), done()) : panel();
const open = () => { root(); panel(true) };
const root = () => {
  if (R) return;
  R = h('div', {class: 'ck', dir: B.dir, lang: B.locale}, st = h('div', {class: 'ck-sr', role: 'status'}),
    op = btn('open', T.open, 'ck-btn ck-o'));
  op.hidden = !S.decided;
  R.onclick = e => {
    const a = e.target.closest('[data-consent-action]')?.dataset.consentAction;
    a && (a == 'close' ? close() : (a == 'save' ? K.set(O.fromEntries([...pn.querySelectorAll('input')].map(i => [i.dataset.consentCategory, i.checked])))
      : K[a == 'customize' ? 'open' : a.replace('-a', 'A')]())?.then(done, () => {}));
  };
  D.addEventListener('keydown', e => {
    if (!trap || !pn.isConnected) return;
    const x = D.activeElement, f = pn.querySelectorAll('a,button,input:enabled'), a = f[0], z = f[f.length - 1];
    if (e.key == 'Escape' && pref) close();
    if (e.key == 'Tab' && (x == pn || !pn.contains(x) || x == (e.shiftKey ? a : z))) {
      e.preventDefault();
      (e.shiftKey ? z : a).focus();
    }
  }, true);
  D.body.append(R);
};

const get = () => structuredClone(S);
const apply = j => {
  const was = new Set([...A, ...O.keys(S.choices || {}).filter(c => S.choices[c])]);
  S = pick(j);
  A = new Set(S.allowed);
  was.forEach(c => A.has(c) || S.choices?.[c] || purge(c));
  cm('update');
  if (R) {
    op.hidden = !S.decided;
    S.decided && pw?.remove();
    st.textContent = T.saved;
  }
  activate();
  D.dispatchEvent(new CustomEvent('consentkit:change', {detail: get()}));
  return get();
};
const state = (b, m) => send(m ? '/state?page=' + encodeURIComponent(P) : '/state', b, m)
  .then(r => r.json().then(j => r.ok ? apply(j) : Promise.reject(j)));
const K = O.freeze({
  get,
  acceptAll: () => state({action: 'accept-all'}),
  rejectAll: () => state({action: 'reject-all'}),
  set: o => state({categories: {...S.choices || O.fromEntries(CATS.map(c => [c.id, A.has(c.id)])), ...o}}),
  withdraw: () => state(null, 'DELETE'),
  open,
  on: (t, f, g = e => f(e.detail)) => (D.addEventListener('consentkit:' + t, g), () => D.removeEventListener('consentkit:' + t, g))
});
O.defineProperty(W, 'consentKit', {value: K});

const init = () => {
  if (CATS[1]) {
    root();
    S.decided || notice && rs?.getItem('ck.notice') || panel();
  }
  activate();
};
D.readyState == 'loading' ? D.addEventListener('DOMContentLoaded', init) : init();
})();
