import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedData, sharedDataRoot, SHARED_DATA_ENV } from './shared-data';

describe('the fake returns folder', () => {
  const saved = process.env[SHARED_DATA_ENV];
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shared-data-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env[SHARED_DATA_ENV];
    else process.env[SHARED_DATA_ENV] = saved;
  });

  it('is ../shared/data beside the repository unless the env var names another', () => {
    const root = join(dir, 'repo');
    mkdirSync(root);
    expect(sharedDataRoot({}, root, () => undefined)).toBe(join(dir, 'shared', 'data'));
    expect(sharedDataRoot({ [SHARED_DATA_ENV]: dir })).toBe(dir);
  });

  it('is beside the local repository a fresh clone came from when nothing is beside the clone', () => {
    const origin = join(dir, 'work', 'main');
    const clone = join(dir, 'tmp', 'clone');
    mkdirSync(join(dir, 'work', 'shared', 'data'), { recursive: true });
    mkdirSync(clone, { recursive: true });
    expect(sharedDataRoot({}, clone, () => origin)).toBe(join(dir, 'work', 'shared', 'data'));
    // Beside the clone wins; no local origin (or none with the data) leaves the path beside the clone, to be named when missing.
    mkdirSync(join(dir, 'tmp', 'shared', 'data'), { recursive: true });
    expect(sharedDataRoot({}, clone, () => origin)).toBe(join(dir, 'tmp', 'shared', 'data'));
    rmSync(join(dir, 'tmp', 'shared'), { recursive: true });
    expect(sharedDataRoot({}, clone, () => undefined)).toBe(join(dir, 'tmp', 'shared', 'data'));
    expect(sharedDataRoot({}, clone, () => join(dir, 'elsewhere', 'repo'))).toBe(join(dir, 'tmp', 'shared', 'data'));
  });

  it('gives a file under the folder the env var names', () => {
    writeFileSync(join(dir, 'episodes.csv'), 'CHILD\n');
    process.env[SHARED_DATA_ENV] = dir;
    expect(sharedData('episodes.csv')).toBe(join(dir, 'episodes.csv'));
  });

  it('throws naming the path tried and the env var when the folder or file is missing', () => {
    process.env[SHARED_DATA_ENV] = join(dir, 'nowhere');
    expect(() => sharedData('ssda903-fake')).toThrow(`test data not found: ${join(dir, 'nowhere', 'ssda903-fake')} (${SHARED_DATA_ENV}=`);
    process.env[SHARED_DATA_ENV] = dir;
    expect(() => sharedData('ssda903-fake', 'episodes.csv')).toThrow(`Set ${SHARED_DATA_ENV} to the folder`);
  });
});
