import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// The suite runs on the Node of package.json's devDependency `node` (scripts/lib.sh puts it first
// on PATH), not the machine's; a run on any other major fails here.
describe('the runtime the tests run on', () => {
  it('is Node 24', () => {
    expect(process.versions.node).toMatch(/^24\./);
  });

  it('is the exact Node that package.json pins', () => {
    const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(process.versions.node).toBe(pkg.devDependencies.node);
  });
});
