// `node validate-schemas.mjs < objects.json`: each Kubernetes object against the JSON schema of its
// apiVersion and kind from kubernetes-models (ESM only, so the Jest specs run this as a child).
// Prints one result per object: {errors: [...]} (empty when valid) or {noSchema: true}.
import { readFileSync } from 'node:fs';

const objects = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const object of objects) {
  let Model;
  try {
    // Core kinds are under `kubernetes-models/v1`, the others under `kubernetes-models/<group>/<version>`.
    Model = (await import(`kubernetes-models/${object.apiVersion}`))[object.kind];
  } catch {
    Model = undefined;
  }
  if (typeof Model !== 'function') {
    results.push({ noSchema: true });
    continue;
  }
  try {
    new Model(object).validate();
    results.push({ errors: [] });
  } catch (err) {
    results.push({ errors: String(err.message).split(', ') });
  }
}
process.stdout.write(JSON.stringify(results));
