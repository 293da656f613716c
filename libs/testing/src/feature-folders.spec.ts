import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { folderCycles, folderImports } from './feature-folders';

describe('feature folder imports', () => {
  let src: string;
  const file = (path: string, text: string) => {
    mkdirSync(join(src, path, '..'), { recursive: true });
    writeFileSync(join(src, path), text);
  };

  beforeEach(() => (src = mkdtempSync(join(tmpdir(), 'folders-'))));
  afterEach(() => rmSync(src, { recursive: true, force: true }));

  it('finds a cycle through three folders, ignoring tests, testing/ and the root files', () => {
    file('app.module.ts', "import { A } from './api/a';");
    file('api/a.ts', "import { B } from '../app/b';");
    file('app/b.ts', "import { C } from '../store/c';");
    file('store/c.ts', "import { A } from '../api/a';");
    file('store/c.int.ts', "import { B } from '../app/b';");
    file('testing/t.ts', "import { C } from '../store/c';");
    expect(folderImports(src)).toEqual(
      new Map([
        ['api', new Set(['app'])],
        ['app', new Set(['store'])],
        ['store', new Set(['api'])],
      ]),
    );
    expect(folderCycles(src)).toEqual(['api -> app -> store -> api']);
  });

  it('finds none when folders import one way', () => {
    file('api/a.ts', "import { B } from '../app/b';\nimport { C } from '../store/c';");
    file('app/b.ts', "import { C } from '../store/c/deep';");
    file('store/c/deep.ts', "import { D } from './d';");
    expect(folderCycles(src)).toEqual([]);
  });
});
