import { execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export const DEPLOY = __dirname;
export const ROOT = resolve(__dirname, '..');

export interface Metadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
}

/** A Kubernetes object as read from YAML: only what every kind has is typed. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: Metadata;
  [field: string]: unknown;
}

/** Parsed YAML as the specs edit it, at any path. */
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every object of a YAML file, in order; a syntax error or an empty document throws. */
export function readManifests(file: string): K8sObject[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  return docs.map((doc, i) => {
    if (doc.errors.length > 0) throw new Error(`${file}, document ${i + 1}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const object = doc.toJS() as K8sObject | null;
    if (!object || typeof object !== 'object') throw new Error(`${file}, document ${i + 1}: not an object`);
    return object;
  });
}

/**
 * The objects of a kustomization made only of `resources` files, in order: what `kubectl kustomize`
 * renders for it, without kubectl. Anything more (patches, images…) needs kustomize: refused here.
 */
export function readKustomization(dir: string): K8sObject[] {
  const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Record<string, unknown>;
  const extra = Object.keys(kustomization).filter((k) => !['apiVersion', 'kind', 'resources'].includes(k));
  if (extra.length > 0) throw new Error(`${dir}/kustomization.yaml has ${extra.join(', ')}: render it with kubectl kustomize`);
  return (kustomization.resources as string[]).flatMap((file) => readManifests(join(dir, file)));
}

/** kubectl from PATH, if this machine has one (kustomize is built in and works offline). */
export function findKubectl(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const file = join(dir, 'kubectl');
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** `kubectl kustomize <dir>`: the objects it renders. */
export function kustomize(kubectl: string, dir: string): K8sObject[] {
  const out = execFileSync(kubectl, ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return parseAllDocuments(out).map((doc) => doc.toJS() as K8sObject);
}

export function label(o: K8sObject): string {
  return `${o.kind}/${o.metadata?.name}`;
}

/** The base the specs check: deploy/base, read without kubectl. */
export function baseObjects(): K8sObject[] {
  return readKustomization(join(DEPLOY, 'base'));
}
