/**
 * Web text is inert (issue 22): the status page and the HTML report show control and bidi characters exactly as the
 * CLI table does (the page's embedded rule against terminalSafe, on seeded random text); the Markdown report from the
 * real CLI passes no HTML, link, image or @mention through.
 */
import vm from 'node:vm';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terminalSafe } from '../../src/cli/terminalText';
import { SHOW_CONTROLS_SCRIPT, showControls } from '../../src/report/inertText';
import { PAGE_SCRIPT } from '../../src/ui/pageScript';
import { runCli } from '../cli/cliHarness';

const pageRule = vm.runInNewContext(`${SHOW_CONTROLS_SCRIPT}; showControls`) as (text: string) => string;
const tricky = fc.string({ unit: fc.oneof(fc.constantFrom('\u202e', '\u2066', '\u2069', '\u200f', '\u061c', '\u001b', '\u0007', '\u009b', '\u007f', '\n', 'a', 'é', '漢', '😀'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 30 });

describe('the page and the HTML report show controls as the table does', () => {
  it('the rule the page embeds equals terminalSafe (seeded)', () => {
    fc.assert(fc.property(tricky, (text) => {
      expect(pageRule(text)).toBe(terminalSafe(text));
      expect(showControls(text)).toBe(terminalSafe(text));
    }), { seed: 22, numRuns: 2000 });
  });
  it('a right-to-left override in a name is shown, not obeyed', () => {
    expect(pageRule('aks-\u202eduorp')).toBe('aks-\\u{202e}duorp');
  });
  it('the page builds every text and attribute through it', () => {
    expect(PAGE_SCRIPT).toContain("e.textContent = showControls(v)");
    expect(PAGE_SCRIPT).toContain("setAttribute(k, v === true ? '' : showControls(v))");
    expect(PAGE_SCRIPT).toContain('doc.createTextNode(showControls(c))');
  });
});

describe('plan --output markdown is inert', () => {
  it('HTML, links, images, mentions and bidi overrides in names and reasons are escaped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-inert-'));
    const snapshot = JSON.parse(readFileSync('examples/snapshot.json', 'utf8')) as { clusters: Array<{ extensions: Array<{ name: string; version: string }> }> };
    const ext = snapshot.clusters[0]!.extensions[0]!;
    ext.name = '<img src=x onerror=alert(1)>[pwn](https://evil.example) @octocat \u202eduorp';
    ext.version = 'not-semver <b>x</b> ![i](https://evil.example/i.png) www.evil.example'; // an error decision: listed among the problems with its reason
    const file = join(dir, 'snapshot.json');
    writeFileSync(file, JSON.stringify(snapshot));
    const r = await runCli(['plan', '--snapshot', file, '--catalog', 'examples/catalog.json', '--now', '2024-06-01T00:00:00Z', '--output', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('onerror');
    // every character Markdown would act on comes backslash-escaped; mentions and bare links are broken
    expect(r.stdout).not.toMatch(/(^|[^\\])(<img|<b>|\]\(|!\[)|@octocat|https:\/\/evil|www\.evil|\u202e/);
    expect(r.stdout).toContain('\\<img src=x onerror=alert(1)\\>');
    expect(r.stdout).toContain('\\\\u{202e}duorp'); // renders as the table shows it: \u{202e}duorp
  });
});
