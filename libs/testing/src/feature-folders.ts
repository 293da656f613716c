import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const IMPORT = /from '(\.\.\/[^']+)'/g;
const TEST_FILE = /\.(spec|int|e2e|bench)\.ts$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testing' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') && !TEST_FILE.test(e.name) ? [path] : [];
  });
}

/**
 * Which feature folders of a service's src import which (tests, benches and testing/ aside), e.g.
 * `figures -> catalogue`. Files directly in src (the module, bootstrap, config) are the root.
 */
export function folderImports(src: string): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const file of sourceFiles(src)) {
    const from = relative(src, file).split('/')[0];
    if (from.endsWith('.ts')) continue;
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const to = relative(src, join(file, '..', spec)).split('/')[0];
      if (to !== from && !to.startsWith('..')) edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  return edges;
}

/** Every cycle between feature folders, each as a path (`a -> b -> a`); empty when they import one way. */
export function folderCycles(src: string): string[] {
  const edges = folderImports(src);
  const cycles: string[] = [];
  const walk = (path: string[]): void => {
    for (const next of edges.get(path[path.length - 1]) ?? []) {
      if (next === path[0]) cycles.push([...path, next].join(' -> '));
      else if (!path.includes(next) && next > path[0]) walk([...path, next]);
    }
  };
  for (const start of [...edges.keys()].sort()) walk([start]);
  return cycles;
}
