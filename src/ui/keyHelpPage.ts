/**
 * The small page `GET /api/ui` answers (401) when a request carries no function key and no signed-in user: it says
 * what the key is and how to get one, instead of a blank 401. Static: no script, no data.
 */

import { cspHash } from './pageHtml';

const STYLE = 'body{font:15px/1.5 system-ui,sans-serif;margin:0;padding:16px;max-width:46em;color:#1b1f24;overflow-wrap:anywhere}code{background:#f6f8fa;padding:0 3px}';

/** The help page's HTML. */
export const KEY_HELP_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>A function key is needed — k8s-extension-reconciler</title><style>${STYLE}</style></head>
<body><main><h1>A function key is needed</h1>
<p>The fleet status page reads the app's API, which answers only requests that carry a <strong>function key</strong>.
Open the page with the key in its address:</p>
<p><code>https://&lt;app&gt;.azurewebsites.net/api/ui?code=&lt;function key&gt;</code></p>
<h2>Where to get the key</h2>
<ul><li>Ask whoever runs the app, or</li>
<li>with the Azure CLI: <code>az functionapp keys list -g &lt;resource group&gt; -n &lt;app&gt;</code> (the <code>default</code> function key), or</li>
<li>in the Azure portal: the Function App → <em>App keys</em>.</li></ul>
<p>Running the demo (<code>npm run demo -- --serve</code>)? It prints the page's address with its key.</p>
</main></body></html>
`;

/** The help page's Content-Security-Policy: its own inline style, nothing else. */
export const KEY_HELP_CSP = `default-src 'none'; style-src ${cspHash(STYLE)}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
