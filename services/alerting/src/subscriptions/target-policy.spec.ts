import { addressRefusal, targetPolicy } from './target-policy';

const production = targetPolicy({ NODE_ENV: 'production', WEBHOOK_ALLOW_HOSTS: '' });
const development = targetPolicy({ NODE_ENV: 'development', WEBHOOK_ALLOW_HOSTS: '' });

describe('webhook target addresses', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.8.9.10', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['10.0.0.5', 'a private address'],
    ['172.16.1.1', 'a private address'],
    ['192.168.0.10', 'a private address'],
    ['fc00::1', 'a private address'],
    ['fe80::1', 'a link-local address'],
    ['169.254.10.10', 'a link-local address'],
    ['169.254.169.254', 'a cloud metadata address'],
    ['::ffff:169.254.169.254', 'a cloud metadata address'],
    ['fd00:ec2::254', 'a cloud metadata address'],
    ['100.100.100.200', 'a cloud metadata address'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['224.0.0.1', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['0.0.0.0', 'an unspecified address'],
    ['::', 'an unspecified address'],
    ['255.255.255.255', 'a broadcast address'],
    ['64:ff9b::a9fe:a9fe', 'not a public address (rfc6052)'],
    ['2002:7f00:1::', 'not a public address (6to4)'],
  ])('refuses %s in production: %s', (address, why) => {
    expect(addressRefusal(production, address)).toBe(why);
  });

  it.each(['93.184.215.14', '2606:4700:4700::1111', '::ffff:93.184.215.14'])('allows the public address %s', (address) => {
    expect(addressRefusal(production, address)).toBeUndefined();
    expect(addressRefusal(development, address)).toBeUndefined();
  });

  it('allows loopback outside production only, and nothing else that is not public', () => {
    for (const loopback of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(addressRefusal(development, loopback)).toBeUndefined();
    expect(addressRefusal(development, '169.254.169.254')).toBe('a cloud metadata address');
    expect(addressRefusal(development, '10.0.0.5')).toBe('a private address');
  });

  it('allows the networks of WEBHOOK_ALLOW_HOSTS, but never a metadata address', () => {
    const listed = targetPolicy({ NODE_ENV: 'production', WEBHOOK_ALLOW_HOSTS: ' hooks.internal , 10.20.0.0/16, 169.254.0.0/16, [::1]' });
    expect([...listed.allowHosts]).toEqual(['hooks.internal', '::1']);
    expect(addressRefusal(listed, '10.20.3.4')).toBeUndefined();
    expect(addressRefusal(listed, '10.21.3.4')).toBe('a private address');
    expect(addressRefusal(listed, '169.254.169.254')).toBe('a cloud metadata address');
  });
});
