/** decisionTextCache gives what its render gives: memoised per move, never across moves that differ in any field. */
import { decisionTextCache } from '../../src/cli/decisionTextCache';
import type { Decision } from '../../src/domain/model';

const base: Decision = { clusterId: 'c1', extensionName: 'flux', extensionType: 'microsoft.flux', action: 'upgrade', from: '1.0.0', to: '1.0.1', moveKind: 'patch', path: ['1.0.1'], code: 'patch-available', reason: 'Move 1.0.0 → 1.0.1.' };
const render = (d: Decision): string => JSON.stringify({ ...d, clusterId: undefined, extensionName: undefined });

describe('decisionTextCache', () => {
  it.each([
    ['extensionType', { extensionType: 'microsoft.dapr' }],
    ['action', { action: 'hold' }],
    ['from', { from: '1.0.2' }],
    ['to', { to: null }],
    ['moveKind', { moveKind: 'minor' }],
    ['path (one hop more)', { path: ['1.0.1', '1.1.0'] }],
    ['path (a different hop)', { path: ['1.0.2'] }],
    ['path (empty)', { path: [] }],
    ['code', { code: 'held-by-policy' }],
    ['reason', { reason: 'Held.' }],
  ] as [string, Partial<Decision>][])('a move differing only in %s is rendered anew', (_field, change) => {
    const text = decisionTextCache(render);
    expect(text(base)).toBe(render(base));
    const other = { ...base, ...change };
    expect(text(other)).toBe(render(other));
    expect(text(base)).toBe(render(base));
  });

  it('renders a move once, whatever the cluster and extension name', () => {
    const calls: Decision[] = [];
    const text = decisionTextCache((d) => (calls.push(d), render(d)));
    text(base);
    expect(text({ ...base, clusterId: 'c2', extensionName: 'other', path: ['1.0.1'] })).toBe(render(base));
    expect(calls).toHaveLength(1);
  });

  it('renders each time a decision of another shape, and past its limit', () => {
    let calls = 0;
    const text = decisionTextCache((d) => (calls++, render(d)), 1);
    const extra = { ...base, note: 'x' } as Decision;
    text(extra);
    text(extra);
    expect(calls).toBe(2);
    text(base);
    text({ ...base, from: '0.9.0' });
    text({ ...base, from: '0.9.0' });
    expect(calls).toBe(5);
  });

  it('keeps what it rendered from, even if the decision is changed afterwards', () => {
    const text = decisionTextCache(render);
    const d = { ...base, path: [...base.path] };
    text(d);
    d.path.push('1.0.2');
    expect(text(base)).toBe(render(base));
  });
});
