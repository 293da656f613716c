import { londonIso } from './london-iso';

describe('London times with their offset', () => {
  it('writes BST as +01:00 and GMT as +00:00', () => {
    expect(londonIso(new Date('2026-10-13T22:59:59Z'))).toBe('2026-10-13T23:59:59+01:00');
    expect(londonIso(new Date('2027-01-13T23:59:59Z'))).toBe('2027-01-13T23:59:59+00:00');
  });
});
