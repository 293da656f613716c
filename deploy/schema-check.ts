import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import ts from 'typescript';
import { DEPLOY, label, type K8sObject } from './manifests';

export type SchemaResult = { errors: string[] } | { noSchema: true };

/** Each object against the JSON schema of its kind (kubernetes-models, Ajv): types, formats, required fields. */
export function schemaErrors(objects: K8sObject[]): SchemaResult[] {
  const out = execFileSync(process.execPath, [join(DEPLOY, 'tools/validate-schemas.mjs')], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as SchemaResult[];
}

/**
 * Fields the kind does not have, as `kubeconform -strict` refuses them (the JSON schemas above let
 * unknown fields through, and the API server would drop a misspelt one with a warning). Each object
 * becomes an object literal typed with its kind's interface from kubernetes-models' declarations,
 * and TypeScript's excess property check names an unknown field at any depth (the first of each object).
 */
export function unknownFields(objects: K8sObject[]): string[][] {
  const fileName = join(DEPLOY, '__manifests__.ts');
  // Where each object's import and each object's literal begin, to tell whose a diagnostic is.
  const starts: [number, number][] = [];
  let source = '';
  objects.forEach((o, i) => {
    starts.push([source.length, i]);
    source += `import type { I${o.kind} as T${i} } from 'kubernetes-models/${o.apiVersion}';\n`;
  });
  objects.forEach((o, i) => {
    starts.push([source.length, i]);
    source += `export const o${i}: T${i} = ${JSON.stringify(o, null, 1)};\n`;
  });
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    types: [],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) => (name === fileName ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || fileExists(name);
  const program = ts.createProgram([fileName], options, host);
  const problems: string[][] = objects.map(() => []);
  for (const d of program.getSemanticDiagnostics(program.getSourceFile(fileName))) {
    const at = d.start ?? 0;
    const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    const [, index] = starts.findLast(([s]) => s <= at) ?? [0, 0];
    problems[index].push(`${label(objects[index])}: ${message}`);
  }
  return problems;
}
