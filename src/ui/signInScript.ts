/**
 * The status page's sign-in (live mode only; its own inline script, pinned in the CSP beside the page script). The
 * server writes how approvals are proven into `<body data-approvals>`:
 * - `token`: an identity provider is configured. The script asks App Service authentication for the session's token
 *   (`/.auth/me`, present when its token store is on), else offers the Easy Auth sign-in (`/.auth/login/aad`) and a
 *   field to paste an access token (`az account get-access-token --resource api://<client id>`), kept for the tab only
 *   (sessionStorage). Every request of the page then carries `Authorization: Bearer` and no function key.
 * - `none`: no identity provider; approvals are refused, and the page says how to configure one.
 * - `off`: approvals are unauthenticated claims; the page says so in red.
 * It hands the page script `window.reconcilerAuth = { ready, header() }`; in `token` mode `ready` settles only once a
 * token is in hand, so the page asks for no data before the person is signed in. DOM built with textContent only.
 */
export const SIGN_IN_SCRIPT = String.raw`(function () {
  'use strict';
  var doc = document;
  var mode = doc.body.getAttribute('data-approvals') || 'none';
  var STORE = 'reconciler.token';
  var token = null;
  var who = '';
  function el(tag, attrs, text) {
    var e = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) e.textContent = text;
    return e;
  }
  function banner(text, danger) {
    var p = el('p', { id: 'approval-auth', role: danger ? 'alert' : 'status' }, text);
    p.style.padding = '0.5em 0.75em';
    p.style.fontWeight = 'bold';
    if (danger) { p.style.background = '#a50e0e'; p.style.color = '#ffffff'; }
    var header = doc.querySelector('header');
    if (header) header.appendChild(p);
    return p;
  }
  function signInForm(note) {
    var box = el('div', { id: 'sign-in' });
    box.appendChild(el('p', null, note));
    var back = location.pathname + location.search.replace(/([?&])code=[^&]*&?/, '$1').replace(/[?&]$/, '');
    var link = el('a', { href: '/.auth/login/aad?post_login_redirect_uri=' + encodeURIComponent(back) }, 'Sign in with Microsoft Entra ID');
    box.appendChild(el('p')).appendChild(link);
    var form = el('form', { 'aria-label': 'Use an access token' });
    form.appendChild(el('label', { 'for': 'sign-in-token' }, 'Or paste an access token for this app (az account get-access-token --resource api://<client id> --query accessToken -o tsv): '));
    var input = el('input', { id: 'sign-in-token', type: 'password', autocomplete: 'off' });
    form.appendChild(input);
    form.appendChild(el('button', { type: 'submit' }, 'Use token'));
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var t = input.value.trim();
      if (t) { sessionStorage.setItem(STORE, t); location.reload(); }
    });
    box.appendChild(form);
    var header = doc.querySelector('header');
    if (header) header.appendChild(box);
  }
  function signedIn(source) {
    var p = banner('Signed in' + (who ? ' as ' + who : '') + ' (' + source + '): approvals are sent with your token.', false);
    var out = el('button', { type: 'button' }, 'Forget the token');
    out.addEventListener('click', function () { sessionStorage.removeItem(STORE); location.reload(); });
    p.appendChild(doc.createTextNode(' '));
    p.appendChild(out);
  }
  var ready = Promise.resolve();
  if (mode === 'off') {
    banner('Approvals are NOT authenticated (RECONCILER_APPROVAL_AUTH=off): the approver name is an unverified claim, recorded as "unauthenticated:<name>".', true);
  } else if (mode === 'none') {
    banner('No identity provider is configured: approvals are refused. Set RECONCILER_AUTH_CLIENT_ID (azd) or RECONCILER_ENTRA_TENANT_ID and RECONCILER_ENTRA_CLIENT_ID; see docs/security.md.', false);
  } else {
    token = sessionStorage.getItem(STORE);
    if (token) { signedIn('a token you supplied'); }
    else {
      ready = fetch('/.auth/me', { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (list) {
          var s = Array.isArray(list) ? list[0] : null;
          token = s && (s.access_token || s.id_token) || null;
          who = s && s.user_id || '';
        }, function () { token = null; })
        .then(function () {
          if (token) { signedIn('App Service authentication'); return; }
          signInForm('Sign in to see the fleet and approve rings.');
          return new Promise(function () { /* no token: the page waits for a sign-in (which reloads it) */ });
        });
    }
  }
  window.reconcilerAuth = {
    ready: ready,
    header: function () { return token ? 'Bearer ' + token : null; }
  };
})();
`;
