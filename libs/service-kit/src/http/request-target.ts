/** Longest URL (path and query) accepted: 414 beyond. Node itself stops a request line or headers over 16 KiB. */
export const MAX_URL_LENGTH = 8 * 1024;

/** Longest path parameter (Fastify's maxParamLength): ids are at most 128 characters, percent-encoded up to 3x. */
export const MAX_PARAM_LENGTH = 512;

export interface Refusal {
  status: 400 | 414;
  detail: string;
}

// What a URL may hold on the wire (RFC 3986): printable ASCII; anything else is percent-encoded.
const URL_CHARACTERS = /^[\x21-\x7e]*$/;

/**
 * Checks a raw request target before any route sees it: its length, its percent-encoding (valid
 * UTF-8 only), no NUL once decoded, and each query parameter at most once (no route here takes a
 * list, and a repeated one would reach a controller as an array where it expects a string).
 */
export function checkRequestTarget(url: string, maxLength = MAX_URL_LENGTH): Refusal | undefined {
  if (url.length > maxLength) {
    return { status: 414, detail: `the URL is ${url.length} characters long; at most ${maxLength} are accepted` };
  }
  if (!URL_CHARACTERS.test(url)) return bad('the URL must be printable ASCII: percent-encode other characters');
  const mark = url.indexOf('?');
  const path = mark === -1 ? url : url.slice(0, mark);
  const pathProblem = problemIn(path);
  if (pathProblem) return bad(`the path ${pathProblem}`);
  if (mark === -1) return undefined;

  const seen = new Set<string>();
  for (const pair of url.slice(mark + 1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const nameProblem = problemIn(rawName);
    if (nameProblem) return bad(`a query parameter name ${nameProblem}`);
    const name = decode(rawName) as string;
    const valueProblem = eq === -1 ? undefined : problemIn(pair.slice(eq + 1));
    if (valueProblem) return bad(`the value of query parameter ${quoted(name)} ${valueProblem}`);
    if (seen.has(name)) return bad(`query parameter ${quoted(name)} is repeated; send it once`);
    seen.add(name);
  }
  return undefined;
}

function problemIn(raw: string): string | undefined {
  const text = decode(raw);
  if (text === undefined) return 'holds invalid percent-encoding (each % must start an escape of valid UTF-8)';
  if (text.includes('\0')) return 'holds a NUL character (%00)';
  return undefined;
}

/** Percent-decoding as a form does ('+' is a space); undefined when it is not valid UTF-8. */
function decode(raw: string): string | undefined {
  if (!raw.includes('%')) return raw.replace(/\+/g, ' ');
  try {
    // Throws on a stray % and on bytes that are not UTF-8 (encoded surrogates included).
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function quoted(name: string): string {
  return JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
}

function bad(detail: string): Refusal {
  return { status: 400, detail };
}
