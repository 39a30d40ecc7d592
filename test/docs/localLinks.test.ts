/**
 * Every local link in README.md and docs/*.md resolves: the file (or folder) exists, and a `#fragment` names a heading
 * of the target Markdown file, slugged as GitHub slugs headings. Links inside code (fenced blocks, `inline code`) are
 * not links and are skipped.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/** The text of a Markdown file without fenced code blocks and inline code spans. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchor: lower case, punctuation dropped (letters, digits, `-`, `_` and spaces kept), spaces → `-`. */
function githubSlug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
}

/** The anchors a Markdown file offers: one per heading (repeats get `-1`, `-2`, … as on GitHub). */
function anchorsOf(file: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  const text = readFileSync(file, 'utf8').replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const match of text.matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const base = githubSlug(match[1]!.replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'));
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** The local link targets of a Markdown file: inline links and images, not URLs with a scheme nor mailto. */
function localLinks(file: string): string[] {
  const targets = [...prose(readFileSync(file, 'utf8')).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

/** The local links of `file` that do not resolve, each with what is wrong. */
function brokenLinks(file: string): string[] {
  const broken: string[] = [];
  for (const target of localLinks(file)) {
    const [path = '', fragment] = target.split('#', 2);
    const resolved = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
    if (!existsSync(resolved)) broken.push(`${target}: no such file`);
    else if (fragment !== undefined && resolved.endsWith('.md') && !anchorsOf(resolved).has(decodeURIComponent(fragment).toLowerCase())) broken.push(`${target}: no heading with anchor #${fragment}`);
  }
  return broken;
}

const files = [join(ROOT, 'README.md'), ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(ROOT, 'docs', f))];

describe('local links in README.md and docs/*.md', () => {
  it.each(files.map((f) => [relative(ROOT, f), f]))('%s: every local link names an existing file and heading', (_name, file) => {
    expect(brokenLinks(file)).toEqual([]);
  });

  it('reports a missing file and a missing heading, and ignores links inside code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'links-'));
    writeFileSync(join(dir, 'other.md'), '# Other page\n\n## Known limits\n');
    const page = join(dir, 'page.md');
    writeFileSync(page, ['# Page', '[ok](other.md#known-limits) [gone](missing.md) [bad anchor](other.md#nope) [self](#page)', '`[code](nowhere.md)`', '```', '[fenced](nowhere.md)', '```', ''].join('\n'));
    expect(brokenLinks(page)).toEqual(['missing.md: no such file', 'other.md#nope: no heading with anchor #nope']);
  });

  it('finds the links it checks (the README links to several docs pages and to a heading)', () => {
    const links = localLinks(join(ROOT, 'README.md'));
    expect(links).toEqual(expect.arrayContaining(['docs/cli.md', 'docs/deploy.md', 'docs/status-page.png']));
    expect(localLinks(join(ROOT, 'docs', 'safety.md')).some((l) => l.includes('#'))).toBe(true);
  });

  it.each([
    ['Safety gates: health, rollback, freezes, success floors', 'safety-gates-health-rollback-freezes-success-floors'],
    ['Run locally with func start', 'run-locally-with-func-start'],
    ['Internet-scale fleets (issue 13: P6, P8 and the scale-out story)', 'internet-scale-fleets-issue-13-p6-p8-and-the-scale-out-story'],
    ['plan: live (read-only) or from files', 'plan-live-read-only-or-from-files'],
  ])('slugs the heading "%s" as GitHub does: #%s', (heading, slug) => {
    expect(githubSlug(heading)).toBe(slug);
  });
});
