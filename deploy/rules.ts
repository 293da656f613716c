import { label, type K8sObject } from './manifests';

/** What the manifests must agree with, read from the code (see facts.ts). */
export interface Facts {
  /** Paths the health controller serves. */
  livePath: string;
  readyPath: string;
  /** Services with a `src/database/migrate.ts`: they need the Job, and wait for it. */
  migrating: string[];
  /** Variables the image's CMD reads besides the service's own settings (Dockerfile). */
  imageEnv: string[];
  /** Partitions of csc.case-events.v1: replicas beyond them get none. */
  caseEventPartitions: number;
  /** Keys of the Secret `casewatch` (secret.example.yaml). */
  secretKeys: string[];
}

export const SERVICES = ['ingestion', 'metrics', 'alerting', 'dashboard'] as const;
export const CONSUMERS = ['metrics', 'alerting'];
export const SECRET = 'casewatch';

/* The parts of the Kubernetes API these rules read; the schemas check the rest. */
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
}
interface Probe {
  httpGet?: { path?: string; port?: string | number };
}
interface Container {
  name: string;
  image?: string;
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  env?: EnvVar[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: { name: string; configMap?: { name: string } }[];
}
interface Workload extends K8sObject {
  spec: { replicas?: number; template: { metadata?: { labels?: Record<string, string> }; spec: PodSpec } };
}
interface ServiceObject extends K8sObject {
  spec: { selector?: Record<string, string>; ports?: { name?: string; port: number; targetPort?: string | number }[] };
}

const find = <T extends K8sObject>(objects: K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata?.name === name) as T | undefined;

/** A CPU or memory quantity in its base unit, for comparing a request with its limit. */
export function quantity(value: string | number): number {
  const m = /^([0-9.]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(String(value));
  if (!m) throw new Error(`quantity ${value} not understood`);
  const unit: Record<string, number> = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
  return Number(m[1]) * (m[2] ? unit[m[2]] : 1);
}

/**
 * The environment a container is given, by name: the ConfigMaps' values, and `secret:<key>` for a
 * Secret's key. Problems: a ConfigMap that is not among the objects, a secret key not in the
 * Secret, a value written into the pod spec instead of a ConfigMap or Secret.
 */
export function containerEnv(objects: K8sObject[], facts: Facts, where: string, c: Container, problems: string[]): Map<string, string> {
  const env = new Map<string, string>();
  for (const from of c.envFrom ?? []) {
    if (from.secretRef) problems.push(`${where}: takes a whole Secret (${from.secretRef.name}); name each key it needs`);
    if (!from.configMapRef) continue;
    const cm = find<K8sObject & { data?: Record<string, string> }>(objects, 'ConfigMap', from.configMapRef.name);
    if (!cm) problems.push(`${where}: ConfigMap ${from.configMapRef.name} is not in the manifests`);
    for (const [k, v] of Object.entries(cm?.data ?? {})) env.set(k, String(v));
  }
  for (const e of c.env ?? []) {
    const secret = e.valueFrom?.secretKeyRef;
    if (secret) {
      if (secret.name !== SECRET || !facts.secretKeys.includes(secret.key)) {
        problems.push(`${where}: ${e.name} from Secret ${secret.name} key ${secret.key}, which secret.example.yaml does not have`);
      }
      env.set(e.name, `secret:${secret.key}`);
    } else if (e.valueFrom?.configMapKeyRef) {
      const { name, key } = e.valueFrom.configMapKeyRef;
      const value = find<K8sObject & { data?: Record<string, string> }>(objects, 'ConfigMap', name)?.data?.[key];
      if (value === undefined) problems.push(`${where}: ${e.name} from ConfigMap ${name} key ${key}, which is not in the manifests`);
      env.set(e.name, String(value));
    } else {
      problems.push(`${where}: ${e.name} is set in the pod spec; settings come from a ConfigMap or the Secret`);
    }
  }
  return env;
}

function probeProblems(where: string, c: Container, facts: Facts): string[] {
  const problems: string[] = [];
  const http = c.ports?.find((p) => p.name === 'http');
  if (!http) problems.push(`${where}: no container port named http`);
  const expect = [
    ['readinessProbe', facts.readyPath],
    ['livenessProbe', facts.livePath],
  ] as const;
  for (const [probe, path] of expect) {
    const get = c[probe]?.httpGet;
    if (!get) problems.push(`${where}: no ${probe} (HTTP GET ${path})`);
    else if (get.path !== path || get.port !== 'http') problems.push(`${where}: ${probe} is ${get.path} on ${get.port}, not ${path} on http`);
  }
  return problems;
}

function resourceProblems(where: string, c: Container): string[] {
  const problems: string[] = [];
  for (const r of ['cpu', 'memory']) {
    const request = c.resources?.requests?.[r];
    const limit = c.resources?.limits?.[r];
    if (request === undefined || limit === undefined) problems.push(`${where}: ${r} request and limit both needed`);
    else if (quantity(request) > quantity(limit)) problems.push(`${where}: ${r} request ${request} above its limit ${limit}`);
  }
  return problems;
}

/** Every way the manifests break the project's rules (empty: they keep them all). */
export function ruleProblems(objects: K8sObject[], facts: Facts): string[] {
  const problems: string[] = [];
  const images = new Set<string>();
  for (const service of SERVICES) {
    const name = `casewatch-${service}`;
    const deployment = find<Workload>(objects, 'Deployment', name);
    if (!deployment) {
      problems.push(`no Deployment ${name}`);
      continue;
    }
    const pod = deployment.spec.template.spec;
    const main = pod.containers.find((c) => c.name === service);
    if (!main) {
      problems.push(`${label(deployment)}: no container named ${service}`);
      continue;
    }
    const where = `${label(deployment)} ${service}`;
    if (main.image) images.add(main.image);
    problems.push(...probeProblems(where, main, facts), ...resourceProblems(where, main));
    const env = containerEnv(objects, facts, where, main, problems);
    if (env.get('SERVICE') !== service) problems.push(`${where}: SERVICE is ${env.get('SERVICE')}, so the image would run another service`);
    const port = main.ports?.find((p) => p.name === 'http')?.containerPort;
    if (String(port) !== env.get('PORT')) problems.push(`${where}: listens on PORT ${env.get('PORT')}, its container port is ${port}`);

    const svc = find<ServiceObject>(objects, 'Service', name);
    const labels = deployment.spec.template.metadata?.labels ?? {};
    if (!svc) problems.push(`no Service ${name}`);
    else {
      const selects = Object.entries(svc.spec.selector ?? {});
      if (selects.length === 0 || !selects.every(([k, v]) => labels[k] === v)) problems.push(`${label(svc)}: its selector does not select ${name}'s pods`);
      if (!svc.spec.ports?.some((p) => p.targetPort === 'http' && p.port === port)) problems.push(`${label(svc)}: no port ${port} to the pods' http port`);
    }
    if (CONSUMERS.includes(service) && (deployment.spec.replicas ?? 1) > facts.caseEventPartitions) {
      problems.push(`${label(deployment)}: ${deployment.spec.replicas} replicas in a group on ${facts.caseEventPartitions} partitions`);
    }

    const waits = (pod.initContainers ?? []).find((c) => c.command?.join(' ').includes('wait-for-migrations.js'));
    if (facts.migrating.includes(service)) {
      if (!waits) {
        problems.push(`${label(deployment)}: no init container waiting for the migrations`);
        continue;
      }
      const at = `${label(deployment)} ${waits.name}`;
      if (waits.command?.[2] !== service) problems.push(`${at}: waits for ${waits.command?.[2]}'s migrations, not ${service}'s`);
      if (waits.image !== main.image) problems.push(`${at}: image ${waits.image}, not the service's ${main.image}: it must know the same migrations`);
      const waitEnv = containerEnv(objects, facts, at, waits, problems);
      if (JSON.stringify([...waitEnv].sort()) !== JSON.stringify([...env].sort())) problems.push(`${at}: its environment differs from the service's`);
      const mount = waits.volumeMounts?.find((m) => waits.command?.[1]?.startsWith(`${m.mountPath}/`));
      const volume = pod.volumes?.find((v) => v.name === mount?.name);
      if (!volume?.configMap || !find(objects, 'ConfigMap', volume.configMap.name)) {
        problems.push(`${at}: ${waits.command?.[1]} is not mounted from a ConfigMap in the manifests`);
      }
      problems.push(...resourceProblems(at, waits));
    }
  }

  const jobs = objects.filter((o) => o.kind === 'Job') as Workload[];
  const job = jobs.find((j) => j.spec.template.spec.containers.some((c) => c.command?.join(' ').includes('/database/migrate.js')));
  if (!job) problems.push('no Job running the migrations');
  else {
    for (const c of job.spec.template.spec.containers) {
      const where = `${label(job)} ${c.name}`;
      const command = c.command?.join(' ') ?? '';
      for (const service of facts.migrating) {
        if (!command.includes(`node dist/services/${service}/src/database/migrate.js`)) problems.push(`${where}: does not run ${service}'s migrations`);
      }
      if (c.image) images.add(c.image);
      problems.push(...resourceProblems(where, c));
      const env = containerEnv(objects, facts, where, c, problems);
      for (const service of facts.migrating) {
        const db = `${service.toUpperCase()}_DB`;
        const deployment = find<Workload>(objects, 'Deployment', `casewatch-${service}`);
        const main = deployment?.spec.template.spec.containers.find((x) => x.name === service);
        const serviceEnv = main ? containerEnv(objects, facts, '', main, []) : new Map<string, string>();
        for (const k of ['PGHOST', 'PGPORT', 'PGUSER', db]) {
          if (env.get(k) !== serviceEnv.get(k)) problems.push(`${where}: ${k} is ${env.get(k)}, ${service} uses ${serviceEnv.get(k)}`);
        }
      }
    }
  }
  if (images.size !== 1) problems.push(`the services and the Job run different images: ${[...images].join(', ')}`);
  return problems;
}
