import { randomBytes } from 'node:crypto';
import { checkConfigs, readFacts } from './facts';
import { baseObjects, label, type Json, type K8sObject } from './manifests';
import { containerEnv, ruleProblems, SERVICES } from './rules';

const facts = readFacts();

/** Valid stand-ins for the Secret's keys, made for the run (the example Secret holds placeholders only). */
const SECRET_STAND_INS: Record<string, () => string> = {
  WEBHOOK_SECRET_KEY: () => randomBytes(32).toString('base64'),
  SESSION_SECRET: () => randomBytes(24).toString('hex'),
  API_KEYS: () => '[]',
};

type Editable = K8sObject & { spec: Json; data: Record<string, string> };
function edited(edit: (find: (l: string) => Editable) => void): K8sObject[] {
  const objects = structuredClone(baseObjects());
  edit((l) => {
    const o = objects.find((x) => label(x) === l);
    if (!o) throw new Error(`no ${l}`);
    return o as Editable;
  });
  return objects;
}

describe("deploy/base keeps the project's rules", () => {
  it('has the facts it checks against from the code', () => {
    expect(facts).toMatchObject({
      livePath: '/health/live',
      readyPath: '/health/ready',
      migrating: ['ingestion', 'metrics', 'alerting'],
      caseEventPartitions: 12,
    });
    expect(facts.imageEnv).toEqual(['SEMI_SPACE_MB', 'SERVICE']);
  });

  it('breaks none: probes on /health/*, resources, settings from ConfigMaps and the Secret, the migration Job and the waits for it', () => {
    expect(ruleProblems(baseObjects(), facts)).toEqual([]);
  });

  it('gives each service only settings it reads, which its own configuration loader accepts in production', () => {
    const objects = baseObjects();
    const containers = SERVICES.map((service) => {
      const d = objects.find((o) => label(o) === `Deployment/casewatch-${service}`) as Editable;
      const problems: string[] = [];
      const env = containerEnv(objects, facts, service, d.spec.template.spec.containers[0], problems);
      expect(problems).toEqual([]);
      const values = Object.fromEntries([...env].map(([k, v]) => [k, v.startsWith('secret:') ? (SECRET_STAND_INS[k]?.() ?? 'stand-in') : v]));
      return { service, env: values };
    });
    const checks = checkConfigs(containers);
    for (const [i, check] of checks.entries()) {
      const unknown = Object.keys(containers[i].env).filter((k) => !check.names.includes(k) && !facts.imageEnv.includes(k));
      expect({ service: check.service, unknown, error: check.error, production: containers[i].env.NODE_ENV }).toEqual({
        service: check.service,
        unknown: [],
        error: null,
        production: 'production',
      });
    }
    // The same check refuses what the service would refuse.
    const [bad] = checkConfigs([{ service: 'alerting', env: { ...containers[2].env, DIGEST_HOUR: '24', WEBHOOK_SECRET_KEY: '' } }]);
    expect(bad.error).toMatch(/DIGEST_HOUR/);
  });
});

describe('deploy/base: a broken manifest is caught', () => {
  const cases: [string, (find: (l: string) => Editable) => void, string][] = [
    ['no readiness probe', (f) => delete f('Deployment/casewatch-metrics').spec.template.spec.containers[0].readinessProbe, 'no readinessProbe'],
    [
      'liveness on the ready path',
      (f) => (f('Deployment/casewatch-alerting').spec.template.spec.containers[0].livenessProbe.httpGet.path = '/health/ready'),
      'livenessProbe is /health/ready on http, not /health/live',
    ],
    [
      'probe on a path the service lacks',
      (f) => (f('Deployment/casewatch-dashboard').spec.template.spec.containers[0].readinessProbe.httpGet.path = '/healthz'),
      'readinessProbe is /healthz',
    ],
    [
      'no memory limit',
      (f) => delete f('Deployment/casewatch-ingestion').spec.template.spec.containers[0].resources.limits.memory,
      'memory request and limit both needed',
    ],
    [
      'request above limit',
      (f) => (f('Deployment/casewatch-metrics').spec.template.spec.containers[0].resources.requests.memory = '2Gi'),
      'memory request 2Gi above its limit',
    ],
    [
      'a literal setting',
      (f) => f('Deployment/casewatch-metrics').spec.template.spec.containers[0].env.push({ name: 'PGPASSWORD', value: 'x' }),
      'PGPASSWORD is set in the pod spec',
    ],
    [
      'a missing ConfigMap',
      (f) => (f('Deployment/casewatch-metrics').spec.template.spec.containers[0].envFrom[1].configMapRef.name = 'casewatch-metric'),
      'ConfigMap casewatch-metric is not in the manifests',
    ],
    [
      'a secret key the Secret lacks',
      (f) => (f('Deployment/casewatch-alerting').spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.key = 'PG_PASSWORD'),
      'key PG_PASSWORD',
    ],
    ['the wrong SERVICE', (f) => (f('ConfigMap/casewatch-alerting').data.SERVICE = 'metrics'), 'SERVICE is metrics'],
    ['PORT and container port apart', (f) => (f('ConfigMap/casewatch-metrics').data.PORT = '3012'), 'listens on PORT 3012, its container port is 3002'],
    [
      'a Service selecting nothing',
      (f) => (f('Service/casewatch-ingestion').spec.selector['app.kubernetes.io/name'] = 'ingestion'),
      'does not select casewatch-ingestion',
    ],
    ['more consumers than partitions', (f) => (f('Deployment/casewatch-metrics').spec.replicas = 13), '13 replicas in a group on 12 partitions'],
    [
      'no wait for the migrations',
      (f) => delete f('Deployment/casewatch-alerting').spec.template.spec.initContainers,
      'no init container waiting for the migrations',
    ],
    [
      'waiting for another service',
      (f) => (f('Deployment/casewatch-metrics').spec.template.spec.initContainers[0].command[2] = 'ingestion'),
      "waits for ingestion's migrations",
    ],
    [
      'the wait in an older image',
      (f) => (f('Deployment/casewatch-metrics').spec.template.spec.initContainers[0].image = 'casewatch:0.0.9'),
      'image casewatch:0.0.9',
    ],
    [
      'the script not mounted',
      (f) => (f('Deployment/casewatch-ingestion').spec.template.spec.volumes[1].configMap.name = 'gone'),
      'is not mounted from a ConfigMap',
    ],
    [
      'a service left out of the Job',
      (f) => (f('Job/casewatch-migrate').spec.template.spec.containers[0].command[2] = 'node dist/services/ingestion/src/database/migrate.js'),
      "does not run metrics's migrations",
    ],
    [
      "the Job without the services' database settings",
      (f) => (f('Job/casewatch-migrate').spec.template.spec.containers[0].env[1].valueFrom.configMapKeyRef.name = 'casewatch-ingestion'),
      'METRICS_DB is undefined, metrics uses casewatch_metrics',
    ],
    ['two images', (f) => (f('Deployment/casewatch-dashboard').spec.template.spec.containers[0].image = 'casewatch:0.2.0'), 'different images'],
  ];
  it.each(cases)('%s', (_name, edit, expected) => {
    const problems = ruleProblems(edited(edit), facts);
    expect(problems).toContainEqual(expect.stringContaining(expected));
  });
});
