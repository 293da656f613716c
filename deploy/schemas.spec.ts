import { join } from 'node:path';
import { baseObjects, DEPLOY, label, readKustomization, readManifests, type Json, type K8sObject } from './manifests';
import { schemaErrors, unknownFields } from './schema-check';

/** Problems per object: the schema's errors and the first unknown field; a kind without a schema is one too. */
function problems(objects: K8sObject[]): string[] {
  const schema = schemaErrors(objects);
  const unknown = unknownFields(objects);
  return objects.flatMap((o, i) => {
    const r = schema[i];
    const own = 'noSchema' in r ? [`${label(o)}: no schema for ${o.apiVersion} ${o.kind}`] : r.errors.map((e) => `${label(o)}: ${e}`);
    return [...own, ...unknown[i]];
  });
}

describe('deploy/: every object against the Kubernetes schema of its kind (kubernetes-models)', () => {
  it('the base and the example Secret are valid, with no field their kinds do not have', () => {
    const objects = [...baseObjects(), ...readManifests(join(DEPLOY, 'base/secret.example.yaml'))];
    expect(objects.map(label)).toEqual(expect.arrayContaining(['Job/casewatch-migrate', 'Deployment/casewatch-metrics', 'Secret/casewatch']));
    expect(problems(objects)).toEqual([]);
  });

  it('only the Strimzi KafkaTopics have no schema here (kafka-topics.spec.ts checks them)', () => {
    const topics = readKustomization(join(DEPLOY, 'strimzi'));
    expect(schemaErrors(topics)).toEqual(topics.map(() => ({ noSchema: true })));
    expect(new Set(topics.map((t) => `${t.apiVersion} ${t.kind}`))).toEqual(new Set(['kafka.strimzi.io/v1beta2 KafkaTopic']));
  });

  it('fails on a broken object: a wrong type, a bad quantity, a missing field, an unknown field, an unknown kind', () => {
    const broken = (edit: (d: K8sObject & { spec: Json }) => void) => {
      const d = structuredClone(baseObjects().find((o) => label(o) === 'Deployment/casewatch-metrics')) as K8sObject & { spec: Json };
      edit(d);
      return problems([d]);
    };
    expect(broken((d) => (d.spec.replicas = 'two'))).toContainEqual(expect.stringContaining('spec/replicas must be integer'));
    expect(broken((d) => (d.spec.template.spec.containers[0].resources.limits.memory = '1.5 GB'))).toContainEqual(
      expect.stringContaining('limits/memory must match format "quantity"'),
    );
    expect(broken((d) => delete d.spec.template.spec.containers[0].name)).toContainEqual(expect.stringContaining('must have required property name'));
    expect(broken((d) => (d.spec.template.spec.containers[0].readinessProbe.httpGet.pth = '/health/ready'))).toContainEqual(
      expect.stringContaining(`'"pth"' does not exist in type 'IHTTPGetAction'`),
    );
    expect(broken((d) => (d.apiVersion = 'apps/v1beta9'))).toContainEqual(expect.stringContaining('no schema for apps/v1beta9 Deployment'));
  });
});
