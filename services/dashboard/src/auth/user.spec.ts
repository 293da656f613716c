import { accessFromGroups, DEVELOPMENT_USER, homeTenant, may, parseGroupMap } from './user';
import { safeReturnTo } from './oidc';

describe('who may see what', () => {
  const map = parseGroupMap(
    JSON.stringify({
      'g-managers': { tenants: ['demo'], roles: ['read', 'manage'] },
      'g-readers': { tenants: ['demo', 'other'], roles: ['read'] },
    }),
  );

  it('maps OIDC groups to tenants and roles per tenant; unknown groups give nothing', () => {
    const access = accessFromGroups(['g-readers', 'unknown'], map);
    expect(access).toEqual({ demo: ['read'], other: ['read'] });
    const user = { name: 'A', access: accessFromGroups(['g-readers', 'g-managers'], map) };
    expect(may(user, 'demo', 'manage')).toBe(true);
    expect(may(user, 'other', 'manage')).toBe(false);
    expect(may(user, 'third', 'read')).toBe(false);
  });

  it('lets the development user read and manage every tenant, starting at the default', () => {
    expect(may(DEVELOPMENT_USER, 'anything', 'manage')).toBe(true);
    expect(homeTenant(DEVELOPMENT_USER, 'demo')).toBe('demo');
    expect(homeTenant({ name: 'B', access: { other: ['read'] } }, 'demo')).toBe('other');
  });

  it('refuses a group map without tenants or roles', () => {
    expect(() => parseGroupMap('{"g": {"tenants": []}}')).toThrow(/needs tenants and roles/);
    expect(() => parseGroupMap('nope')).toThrow(/not JSON/);
  });

  it('returns only to paths of this site after sign-in', () => {
    expect(safeReturnTo('/tenants/demo?period=2026-11')).toBe('/tenants/demo?period=2026-11');
    expect(safeReturnTo('https://evil.example/')).toBe('/');
    expect(safeReturnTo('//evil.example/')).toBe('/');
  });
});
