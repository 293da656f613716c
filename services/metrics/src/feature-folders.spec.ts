import { folderCycles } from '@casewatch/testing';

describe('feature folders', () => {
  it('import one way: no folder depends, through others, on one that depends on it', () => {
    expect(folderCycles(__dirname)).toEqual([]);
  });
});
