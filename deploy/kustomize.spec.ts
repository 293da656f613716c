import { join } from 'node:path';
import { readFacts } from './facts';
import { baseObjects, DEPLOY, findKubectl, kustomize, label, readKustomization } from './manifests';
import { ruleProblems } from './rules';
import { schemaErrors, unknownFields } from './schema-check';

// kubectl's built-in kustomize renders offline; a machine without kubectl checks the base only
// (the other specs read it without kubectl), and says so here.
const kubectl = findKubectl();
const withKubectl = kubectl ? it : it.skip;
if (!kubectl) console.warn('kubectl not on PATH: deploy/overlays are not rendered or checked');

describe('deploy/ as kubectl kustomize renders it', () => {
  withKubectl('renders the base as the specs read it, and the Strimzi topics', () => {
    const byLabel = (objects: ReturnType<typeof baseObjects>) => Object.fromEntries(objects.map((o) => [label(o), o]));
    expect(byLabel(kustomize(kubectl as string, join(DEPLOY, 'base')))).toEqual(byLabel(baseObjects()));
    const strimzi = join(DEPLOY, 'strimzi');
    expect(byLabel(kustomize(kubectl as string, strimzi))).toEqual(byLabel(readKustomization(strimzi)));
  });

  withKubectl('renders the national overlay valid and within the rules, with its replicas, image and namespace', () => {
    const objects = kustomize(kubectl as string, join(DEPLOY, 'overlays/national'));
    expect(schemaErrors(objects)).toEqual(objects.map(() => ({ errors: [] })));
    expect(unknownFields(objects).flat()).toEqual([]);
    expect(ruleProblems(objects, readFacts())).toEqual([]);
    const deployments = objects.filter((o) => o.kind === 'Deployment') as unknown as {
      metadata: { name: string; namespace: string };
      spec: { replicas: number };
    }[];
    expect(Object.fromEntries(deployments.map((d) => [d.metadata.name, [d.spec.replicas, d.metadata.namespace]]))).toEqual({
      'casewatch-ingestion': [3, 'casewatch'],
      'casewatch-metrics': [4, 'casewatch'],
      'casewatch-alerting': [4, 'casewatch'],
      'casewatch-dashboard': [2, 'casewatch'],
    });
  });
});
