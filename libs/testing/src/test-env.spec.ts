import { uniqueId, waitFor } from './test-env';

describe('test helpers', () => {
  it('makes distinct ids with the prefix', () => {
    const a = uniqueId('t');
    expect(a).toMatch(/^t-[0-9a-f]{10}$/);
    expect(uniqueId('t')).not.toBe(a);
  });

  it('waits for a condition and gives up with the reason', async () => {
    let n = 0;
    await expect(waitFor(() => (++n >= 3 ? n : undefined), { intervalMs: 1 })).resolves.toBe(3);
    await expect(waitFor(() => false, { timeoutMs: 30, intervalMs: 5, what: 'never' })).rejects.toThrow('timed out waiting for never');
  });
});
