import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPIC_SPECS, TOPICS } from '@casewatch/contracts';
import { DEPLOY, readManifests, ROOT } from './manifests';
import { SERVICES, type Facts } from './rules';

/** What the manifests must agree with, read from the code rather than restated. */
export function readFacts(): Facts {
  const controller = readFileSync(join(ROOT, 'libs/service-kit/src/health/health.controller.ts'), 'utf8');
  const base = /@Controller\('([^']+)'\)/.exec(controller)?.[1];
  const gets = [...controller.matchAll(/@Get\('([^']+)'\)/g)].map((m) => m[1]);
  if (!base || !gets.includes('live') || !gets.includes('ready'))
    throw new Error(`the health controller no longer serves live and ready (${base}: ${gets.join(', ')})`);
  const cmd = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('CMD '));
  const secret = readManifests(join(DEPLOY, 'base/secret.example.yaml'))[0] as { stringData?: Record<string, string> };
  return {
    livePath: `/${base}/live`,
    readyPath: `/${base}/ready`,
    migrating: SERVICES.filter((s) => existsSync(join(ROOT, 'services', s, 'src/database/migrate.ts'))),
    imageEnv: [...(cmd ?? '').matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]),
    caseEventPartitions: TOPIC_SPECS.find((t) => t.name === TOPICS.caseEvents)?.partitions ?? 0,
    secretKeys: Object.keys(secret.stringData ?? {}),
  };
}

export interface ConfigCheck {
  service: string;
  /** Every variable the service reads (its env spec, with the common one). */
  names: string[];
  /** What the service's own configuration loader throws for this environment, or null. */
  error: string | null;
}

/** Each service's env names and its loader's verdict on an environment, from the build (dist/). */
export function checkConfigs(containers: { service: string; env: Record<string, string> }[]): ConfigCheck[] {
  if (!existsSync(join(ROOT, 'dist/services'))) throw new Error('dist/ is missing: run `npm run build` first');
  const out = execFileSync(process.execPath, [join(DEPLOY, 'tools/check-config.js')], { cwd: ROOT, input: JSON.stringify(containers), encoding: 'utf8' });
  return JSON.parse(out) as ConfigCheck[];
}
