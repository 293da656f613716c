import ipaddr from 'ipaddr.js';

/**
 * Which addresses a webhook may reach (api.md, "Alerting"): only public unicast ones, except
 * hosts or networks listed in WEBHOOK_ALLOW_HOSTS; outside production, loopback too (tests and
 * local receivers). Cloud metadata endpoints are refused even when listed: no receiver lives
 * there, and a listed name could be made to resolve to one.
 */
export interface TargetPolicy {
  production: boolean;
  /** Lower-case host names or IP literals, as written in the URL (IPv6 without brackets). */
  allowHosts: ReadonlySet<string>;
  allowNets: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

// AWS, Azure, GCP (169.254.169.254), AWS's DNS and ECS endpoints, AWS over IPv6, Alibaba, Oracle.
const METADATA = new Set([
  '169.254.169.254',
  '169.254.169.253',
  '169.254.170.2',
  '169.254.170.23',
  'fd00:ec2::254',
  'fd00:ec2::23',
  '100.100.100.200',
  '192.0.0.192',
]);

const RANGE_WORDS: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  uniqueLocal: 'a private address',
  linkLocal: 'a link-local address',
  carrierGradeNat: 'a carrier-grade NAT address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  unspecified: 'an unspecified address',
};

/** `WEBHOOK_ALLOW_HOSTS`: comma-separated host names, IP addresses or CIDR networks. */
export function targetPolicy(env: { NODE_ENV: string; WEBHOOK_ALLOW_HOSTS: string }): TargetPolicy {
  const hosts = new Set<string>();
  const nets: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const raw of env.WEBHOOK_ALLOW_HOSTS.split(',')) {
    const entry = raw
      .trim()
      .toLowerCase()
      .replace(/^\[(.*)\]$/, '$1');
    if (entry === '') continue;
    if (entry.includes('/')) nets.push(ipaddr.parseCIDR(entry));
    else hosts.add(entry);
  }
  return { production: env.NODE_ENV === 'production', allowHosts: hosts, allowNets: nets };
}

/** Throws with the entry named when WEBHOOK_ALLOW_HOSTS holds a network that is not one. */
export function checkAllowHosts(value: string): void {
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (entry.includes('/') && !ipaddr.isValidCIDR(entry)) throw new Error(`WEBHOOK_ALLOW_HOSTS: ${entry} is not a CIDR network`);
  }
}

export function hostAllowed(policy: TargetPolicy, hostname: string): boolean {
  return policy.allowHosts.has(hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1'));
}

/** What makes `address` (an IP literal) out of bounds ("a private address"), or undefined when it is not. */
export function addressRefusal(policy: TargetPolicy, address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  // IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it reaches.
  const ip = ipaddr.process(address);
  if (METADATA.has(ip.toString())) return 'a cloud metadata address';
  if (policy.allowNets.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits))) return undefined;
  const range = ip.range();
  if (range === 'unicast') return undefined;
  if (range === 'loopback' && !policy.production) return undefined;
  return RANGE_WORDS[range] ?? `not a public address (${range})`;
}
