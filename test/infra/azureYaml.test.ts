import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const yaml = readFileSync(join(ROOT, 'azure.yaml'), 'utf8');

describe('azure.yaml', () => {
  it('every hook script it runs exists, for both POSIX and Windows', () => {
    const scripts = [...yaml.matchAll(/run:\s*(\.\/infra\/hooks\/\S+)/g)].map((m) => m[1]!);
    expect(scripts.filter((s) => s.endsWith('.sh')).length).toBeGreaterThan(0);
    expect(scripts.filter((s) => s.endsWith('.ps1')).length).toBe(scripts.filter((s) => s.endsWith('.sh')).length);
    for (const s of scripts) expect(existsSync(join(ROOT, s))).toBe(true);
  });

  it('deploys the Function App service built locally from the repository root with the Bicep in infra/', () => {
    expect(yaml).toMatch(/host:\s*function/);
    expect(yaml).toMatch(/remoteBuild:\s*false/);
    expect(yaml).toMatch(/provider:\s*bicep\s*\n\s*path:\s*infra/);
  });
});
