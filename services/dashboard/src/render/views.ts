import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import nunjucks from 'nunjucks';
import { packName } from '../common/periods';

/**
 * The service's own folder (`services/dashboard`), found from this file whether it runs from the
 * sources (ts) or the build (`dist/services/dashboard/src/…`): templates and public files are not
 * compiled, so they are read where they are kept.
 */
export function dashboardRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'services', 'dashboard', 'views');
    if (existsSync(candidate)) return dirname(candidate);
    if (existsSync(join(dir, 'views', 'layout.njk'))) return dir;
  }
  throw new Error('services/dashboard/views not found: run from the repository or copy it beside dist/');
}

export function govukFrontendDir(): string {
  return resolve(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
}

/** Nunjucks with our views and govuk-frontend's macros; autoescaping on. */
export function createViews(root = dashboardRoot(), cache = true): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([join(root, 'views'), govukFrontendDir()], { noCache: !cache }), {
    autoescape: true,
    throwOnUndefined: false,
  });
  env.addFilter('qs', (params: Record<string, string | undefined>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(params ?? {})) if (v) p.set(k, v);
    const s = p.toString();
    return s ? `?${s}` : '';
  });
  // The navigation names the pack of the period shown (Quarterly pack …), else the monthly one.
  env.addFilter('packName', (period: string | undefined) => packName(period ?? ''));
  // Select items with the current choice marked (govukSelect's `selected`).
  env.addFilter('selectItems', (options: { value: string; text: string }[], selected: string) =>
    (options ?? []).map((o) => ({ ...o, selected: o.value === selected })),
  );
  return env;
}
