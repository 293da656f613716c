import { hasRole, mayActFor, mayReadRegion, toRoles, toTenants } from './principal';

describe('principal claims', () => {
  it('keeps only known roles, from an array or a space/comma separated string', () => {
    expect(toRoles(['read', 'root', 'ingest'])).toEqual(['read', 'ingest']);
    expect(toRoles('read manage,admin')).toEqual(['read', 'manage', 'admin']);
    expect(toRoles(42)).toEqual([]);
  });

  it('reads tenants, where * anywhere means all', () => {
    expect(toTenants('*')).toBe('*');
    expect(toTenants(['a', '*'])).toBe('*');
    expect(toTenants('leeds, york')).toEqual(['leeds', 'york']);
    expect(toTenants(undefined)).toEqual([]);
  });

  it('checks role and tenant', () => {
    const p = { id: 'x', kind: 'jwt' as const, tenants: ['leeds'], roles: ['read' as const] };
    expect(hasRole(p, 'read')).toBe(true);
    expect(hasRole(p, 'ingest')).toBe(false);
    expect(mayActFor(p, 'leeds')).toBe(true);
    expect(mayActFor(p, 'york')).toBe(false);
    expect(mayActFor({ ...p, tenants: '*' }, 'york')).toBe(true);
  });

  it('reads a region with region:{region} or *, and a region grant reads no tenant', () => {
    const region = { id: 'x', kind: 'api-key' as const, tenants: toTenants('region:yorkshire, leeds'), roles: ['read' as const] };
    expect(mayReadRegion(region, 'yorkshire')).toBe(true);
    expect(mayReadRegion(region, 'north-east')).toBe(false);
    expect(mayReadRegion({ ...region, tenants: '*' }, 'north-east')).toBe(true);
    // Only a tenant listed by name.
    expect(mayActFor(region, 'leeds')).toBe(true);
    expect(mayActFor(region, 'york')).toBe(false);
    expect(mayActFor(region, 'region:yorkshire')).toBe(false);
    expect(mayActFor({ ...region, tenants: '*' }, 'region:yorkshire')).toBe(false);
    // A tenant token reads no region, even one its tenant shares with.
    expect(mayReadRegion({ ...region, tenants: ['leeds'] }, 'yorkshire')).toBe(false);
  });
});
