import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Names the folder of the public fake DfE returns (ssda903-fake/, cin-census-fake/). */
export const SHARED_DATA_ENV = 'CASEWATCH_SHARED_DATA';

/** The checkout's root: the nearest folder up with nx.json from this file (src or dist), else from the cwd (a copy compiled elsewhere). */
function repoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'nx.json'))) return dir;
  }
  throw new Error(`no nx.json above ${__dirname} or ${process.cwd()}: cannot find the repository root`);
}

/** The local repository this checkout was cloned from (`git clone . <elsewhere>`), if its origin is a path. */
function localOrigin(root: string): string | undefined {
  try {
    const url = execFileSync('git', ['-C', root, 'config', '--get', 'remote.origin.url'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (url.startsWith('file://')) return fileURLToPath(url);
    return isAbsolute(url) ? url : undefined;
  } catch {
    return undefined; // not a git checkout, or no origin
  }
}

/**
 * Where the fake returns should be: $CASEWATCH_SHARED_DATA, else ../shared/data beside the
 * repository, else beside the local repository it was cloned from (a CI check's fresh clone in a
 * temporary folder has nothing beside it).
 */
export function sharedDataRoot(env: NodeJS.ProcessEnv = process.env, root = repoRoot(), originOf = localOrigin): string {
  if (env[SHARED_DATA_ENV]) return resolve(env[SHARED_DATA_ENV]);
  const beside = resolve(root, '..', 'shared', 'data');
  if (existsSync(beside)) return beside;
  const origin = originOf(root);
  const besideOrigin = origin === undefined ? undefined : resolve(origin, '..', 'shared', 'data');
  return besideOrigin !== undefined && existsSync(besideOrigin) ? besideOrigin : beside;
}

/**
 * A folder or file of the fake returns, e.g. `sharedData('ssda903-fake', 'episodes.csv')`. Throws when it
 * is missing: a clone without the data would otherwise read 0 records and fail far from the cause.
 */
export function sharedData(...parts: string[]): string {
  const root = sharedDataRoot();
  const path = join(root, ...parts);
  if (!existsSync(path)) {
    const from = process.env[SHARED_DATA_ENV]
      ? `${SHARED_DATA_ENV}=${process.env[SHARED_DATA_ENV]}`
      : `${SHARED_DATA_ENV} unset, so ../shared/data beside the repository`;
    throw new Error(`test data not found: ${path} (${from}). Set ${SHARED_DATA_ENV} to the folder holding ssda903-fake/ and cin-census-fake/.`);
  }
  return path;
}
