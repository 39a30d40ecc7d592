/**
 * Browser script (a fragment of the page script's scope): failures told in words a person can act on — a refused or
 * missing key, a forbidden call, an app that is down or answers with something that is not JSON, a malformed
 * `#cluster=` link — instead of "Failed to execute 'json' on 'Response'". Uses `key` from the page script.
 */

/** Defines `readResponse(r)`, `unreachable()` and `clusterFromHash(hash)`. */
export const PAGE_ERRORS_SCRIPT = String.raw`
  var KEY_HELP = 'Get the current key from whoever runs the app, or with the Azure CLI: az functionapp keys list -g <resource group> -n <app> (its default function key)';
  function failureText(status, body) {
    var e = body && body.error;
    var detail = e ? e.input + ' ' + e.path + ': ' + e.problem : '';
    if (status === 401 && !e) return key
      ? 'The function key in this page\u2019s address was refused (HTTP 401): it may have been rotated or mistyped. Open the page again with the current key. ' + KEY_HELP + '.'
      : 'This page needs a function key (HTTP 401): open it as /api/ui?code=<function key>. ' + KEY_HELP + '.';
    if (status === 401) return 'Not signed in (HTTP 401): ' + detail;
    if (status === 403) return 'Not allowed (HTTP 403)' + (detail ? ': ' + detail : ': your key or account may not call this.');
    if (status === 404 && e) return 'Not found (HTTP 404): ' + detail;
    if (status >= 500 && !e) return 'The app did not answer properly (HTTP ' + status + '): it may be starting, scaling or down. The page tries again; if it stays so, check the Function App in the Azure portal.';
    return detail ? detail + ' (HTTP ' + status + ')' : 'The app answered HTTP ' + status + ' without a reason.';
  }
  function readResponse(r) {
    return r.text().then(function (text) {
      var body = null;
      try { body = text ? JSON.parse(text) : null; } catch (ignored) { body = null; }
      if (!r.ok) throw new Error(failureText(r.status, body));
      if (body === null) throw new Error('The app answered with something that is not JSON (HTTP ' + r.status + '): a proxy or sign-in page may stand in front of it.');
      return body;
    });
  }
  function unreachable() {
    throw new Error('The app could not be reached: it may be down or your network may be offline. The page tries again.');
  }
  function clusterFromHash(hash) {
    var m = /^#cluster=(.*)$/.exec(hash);
    if (!m) return null;
    var id;
    try { id = decodeURIComponent(m[1]); } catch (ignored) { return { problem: 'The link\u2019s #cluster= part is not valid URL encoding, so it names no cluster. Open a cluster from the list instead.' }; }
    if (!/^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+/i.test(id)) return { problem: 'The link\u2019s #cluster= part is not a cluster\u2019s ARM id (/subscriptions/\u2026/providers/\u2026/<name>). Open a cluster from the list instead.' };
    return { id: id };
  }
`;
