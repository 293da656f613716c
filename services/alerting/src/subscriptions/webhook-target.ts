import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { addressRefusal, hostAllowed, type TargetPolicy } from './target-policy';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address of a host name (the system resolver, as a connection would use it). */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolve: Resolve = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** A webhook target the policy refuses: the delivery fails for good, it is not retried. */
export class TargetRefusedError extends Error {
  readonly code = 'ERR_WEBHOOK_TARGET_REFUSED';
}

const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');

/** What a webhook target's URL says before any lookup: not http(s), or an IP literal refused. */
export function literalRefusal(policy: TargetPolicy, target: string): string | undefined {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return 'target is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'target must be an http or https URL';
  const host = bare(url.hostname);
  if (hostAllowed(policy, host) || !isIP(host)) return undefined;
  const why = addressRefusal(policy, host);
  return why && `${host} is ${why}`;
}

function refusalOf(policy: TargetPolicy, host: string, addresses: ResolvedAddress[]): string | undefined {
  if (hostAllowed(policy, host)) return undefined;
  for (const a of addresses) {
    const why = addressRefusal(policy, a.address);
    if (why) return `${host} resolves to ${why} (${a.address})`;
  }
  return undefined;
}

/**
 * The check made when a subscription is made: the literal, else every address the name
 * resolves to now. A name that does not exist is refused; other resolver failures throw.
 */
export async function targetRefusal(policy: TargetPolicy, target: string, resolve: Resolve): Promise<string | undefined> {
  const early = literalRefusal(policy, target);
  if (early) return early;
  const host = bare(new URL(target).hostname);
  if (hostAllowed(policy, host) || isIP(host)) return undefined;
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolve(host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') return `${host} does not resolve`;
    throw err;
  }
  return refusalOf(policy, host, addresses);
}

/**
 * A `lookup` for the sockets of webhook deliveries: resolves the name, refuses it if any of its
 * addresses is refused, and hands the connection exactly the addresses checked, so a second
 * answer from DNS (rebinding) cannot slip another address in.
 */
export function guardedLookup(policy: TargetPolicy, resolve: Resolve): LookupFunction {
  return (hostname, options, callback) => {
    const host = bare(hostname);
    resolve(host).then(
      (addresses) => {
        const why = refusalOf(policy, host, addresses);
        if (why) return callback(new TargetRefusedError(why), '');
        const family = options.family === 4 || options.family === 6 ? options.family : undefined;
        const usable = family ? addresses.filter((a) => a.family === family) : addresses;
        if (usable.length === 0) return callback(Object.assign(new Error(`${host} has no usable address`), { code: 'ENOTFOUND' }), '');
        if (options.all) callback(null, usable);
        else callback(null, usable[0].address, usable[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  };
}

/** A target for logs: scheme, host and path, never the query (it may carry a token) or a login. */
export function loggableTarget(target: string): string {
  try {
    const url = new URL(target);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '(not a URL)';
  }
}
