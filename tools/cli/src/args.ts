import { parseArgs } from 'node:util';

export const FORMATS = ['ssda903', 'cin-census'] as const;
export type ImportFormat = (typeof FORMATS)[number];

export interface ImportCommand {
  kind: 'import';
  format: ImportFormat;
  tenant: string;
  paths: string[];
  collectionYear?: number;
  source?: string;
  dryRun: boolean;
  json: boolean;
  url: string;
  token: string;
}

export type Command = ImportCommand | { kind: 'help' };

/** Wrong arguments: exit 2 with the message and a pointer to `--help`. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: npx casewatch import <format> --tenant <tenant> [options] <file or folder>…

Formats:
  ssda903      the SSDA903 return: a folder of its CSV tables, or the files
               (episodes.csv is required; each file is named by its table, e.g. 2017-reviews.csv),
               or the DfE XML of the return: one .xml file
  cin-census   the Children in Need census: one XML file

Options:
  --tenant <t>       the tenant to import into (required)
  --year <yyyy>      collection year, e.g. 2017 for 1 April 2017 – 31 March 2018
                     (else from the file names or the data)
  --source <uri>     the events' source (default urn:casewatch:import:<format>)
  --dry-run          report what would be imported; publish nothing
  --json             print the raw report as JSON
  --url <url>        the ingestion service (default $CASEWATCH_URL or http://127.0.0.1:3001)
  --token <token>    bearer token (default $CASEWATCH_TOKEN, or dev-admin outside production)
  -h, --help         this text

Exit status: 0 imported; 1 imported, but rows were rejected (their children skipped);
2 wrong arguments or files; 3 the service refused or failed the import (nothing more imported).
`;

// As the ingestion service checks them, so a mistake is told before any upload.
const TENANT = /^[a-z0-9-]{2,40}$/;
const YEAR = /^20[0-9]{2}$/;
const SOURCE = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]{1,250}$/;

/** Reads `argv` (after `node casewatch`) and the environment; throws UsageError. */
export function readCommand(argv: string[], env: NodeJS.ProcessEnv): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        tenant: { type: 'string' },
        year: { type: 'string' },
        source: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        url: { type: 'string' },
        token: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    // parseArgs' messages are clear ("Unknown option '--x'"); its code prefix is not.
    throw new UsageError((err as Error).message);
  }
  const { values: v, positionals } = parsed;
  if (v.help || positionals.length === 0 || positionals[0] === 'help') return { kind: 'help' };

  const [command, format, ...paths] = positionals;
  if (command !== 'import') throw new UsageError(`unknown command ${command}; the command is import`);
  if (!format) throw new UsageError(`import needs a format: ${FORMATS.join(' or ')}`);
  if (!FORMATS.includes(format as ImportFormat)) throw new UsageError(`unknown format ${format}; use ${FORMATS.join(' or ')}`);
  if (!v.tenant) throw new UsageError('--tenant is required');
  if (!TENANT.test(v.tenant)) throw new UsageError(`--tenant ${v.tenant}: 2–40 lowercase letters, digits or -`);
  if (v.year !== undefined && !YEAR.test(v.year)) throw new UsageError(`--year ${v.year}: a collection year such as 2017`);
  if (v.source !== undefined && !SOURCE.test(v.source)) throw new UsageError(`--source ${v.source}: a URI such as urn:la:372:903`);
  if (paths.length === 0) throw new UsageError(format === 'ssda903' ? 'name the folder of the 903 CSV tables, or the files' : 'name the CIN census XML file');

  return {
    kind: 'import',
    format: format as ImportFormat,
    tenant: v.tenant,
    paths,
    ...(v.year !== undefined ? { collectionYear: Number(v.year) } : {}),
    ...(v.source !== undefined ? { source: v.source } : {}),
    dryRun: v['dry-run'] === true,
    json: v.json === true,
    url: serviceUrl(v.url ?? env.CASEWATCH_URL ?? 'http://127.0.0.1:3001'),
    token: tokenOf(v.token ?? env.CASEWATCH_TOKEN, env),
  };
}

function serviceUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url ${raw} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--url ${raw}: http or https`);
  return url.href.replace(/\/+$/, '');
}

// dev-admin only where the service accepts it: outside production (docs/development.md).
function tokenOf(token: string | undefined, env: NodeJS.ProcessEnv): string {
  if (token) return token;
  if (env.NODE_ENV === 'production') throw new UsageError('give --token or CASEWATCH_TOKEN (dev-admin is off in production)');
  return 'dev-admin';
}

/** The query string of `POST /v1/imports/{format}`. */
export function importQuery(c: ImportCommand): URLSearchParams {
  const q = new URLSearchParams({ tenant: c.tenant });
  if (c.collectionYear !== undefined) q.set('collectionYear', String(c.collectionYear));
  if (c.source !== undefined) q.set('source', c.source);
  if (c.dryRun) q.set('dryRun', 'true');
  return q;
}
