/**
 * Table output is safe for a terminal and keeps the 120-column promise by display width: names from a snapshot with
 * escape sequences are shown escaped, CJK and emoji names take two columns each and columns stay aligned.
 * Display width here is `string-width`'s (the East Asian Width rule: wide and fullwidth characters and emoji are two columns).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { cell, terminalSafe } from '../../src/cli/terminalText';
import { runCli } from './cliHarness';

const dir = mkdtempSync(join(tmpdir(), 'plan-safety-'));
const write = (name: string, value: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};
const HOSTILE = '\u001b]0;pwned\u0007\u001b[2J\u001b[Hevil\u202egnp.exe';
const NAMES = ['日本語の拡張機能の名前はとても長いです', '🚀🔥👩‍👩‍👧-monitoring', HOSTILE, 'ｆｕｌｌｗｉｄｔｈ－ｆｌｕｘ', 'flux'];
const clusterId = (name: string) => `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-東京/providers/Microsoft.ContainerService/managedClusters/${name}`;

describe('plan table: safe terminal output at 120 columns', () => {
  const snapshot = write('snap.json', {
    clusters: [
      { id: clusterId('クラスター🚀'), kubernetesVersion: '1.30.2', extensions: NAMES.map((name) => ({ name, extensionType: 'microsoft.flux', version: '1.0.0' })) },
      { id: clusterId(`x${HOSTILE}`), kubernetesVersion: '1.30.2', extensions: [{ name: 'dapr', extensionType: `microsoft.${HOSTILE}`, version: '1.0.0' }] },
    ],
  });
  const catalog = write('cat.json', { extensionTypes: { 'microsoft.flux': { versions: [{ version: '1.0.0' }, { version: '1.0.1' }] } } });

  it('escapes control characters and bidi overrides, never printing them', async () => {
    const run = await runCli(['plan', '--snapshot', snapshot, '--catalog', catalog]);
    expect(run.code).toBe(0);
    // eslint-disable-next-line no-control-regex -- asserting none are printed
    expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(run.stdout).toContain('\\x1b]0;pwned\\x07');
    expect(run.stdout).toContain('\\u{202e}');
  });

  it('every line fits 120 display columns with CJK, fullwidth and emoji names, and columns stay aligned', async () => {
    const run = await runCli(['plan', '--snapshot', snapshot, '--catalog', catalog]);
    const lines = run.stdout.split('\n');
    expect(lines.filter((l) => stringWidth(l) > 120)).toEqual([]);
    const rows = lines.filter((l) => l.includes('microsoft.flux'));
    expect(rows).toHaveLength(NAMES.length);
    // the TYPE column starts after EXTENSION (18 columns) and one space on every row, whatever the name's script
    for (const row of rows) expect(stringWidth(row.slice(0, row.indexOf('microsoft.flux')))).toBe(19);
    expect(run.stdout).toContain('日本語の拡張機能'); // wide names are cut, not dropped
  });
});

describe('terminalText.cell', () => {
  it.each([
    ['abc', 5, 'abc  '],
    ['日本語', 6, '日本語'],
    ['日本語', 5, '日本…'],
    ['日本語x', 6, '日本… '],
    ['🚀🚀🚀', 5, '🚀🚀…'],
    ['a\u0007b', 6, 'a\\x07b'],
  ])('%p in %i columns → %p', (text, width, expected) => {
    expect(cell(text, width)).toBe(expected);
    expect(stringWidth(cell(text, width))).toBe(width);
  });
  it('escapes C1 controls and the escape character itself visibly', () => {
    expect(terminalSafe('\u009b31m\u001b')).toBe('\\x9b31m\\x1b');
  });
});
