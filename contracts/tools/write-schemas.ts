// Writes contracts/schemas from the TypeBox schemas of contracts/src (run from the repository root
// after `swc`; see contracts/README.md). Files no longer generated are removed.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { schemaFiles, schemaFileText } from '../src/json-schema/schema-files';

function listJson(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => relative(dir, join(e.parentPath, e.name)));
}

export function writeSchemas(dir: string): { written: number; removed: string[] } {
  const files = schemaFiles();
  const removed = listJson(dir).filter((file) => !files.has(file));
  for (const file of removed) rmSync(join(dir, file));
  for (const [file, schema] of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), schemaFileText(schema));
  }
  return { written: files.size, removed };
}

if (require.main === module) {
  const dir = process.argv[2] ?? join('contracts', 'schemas');
  const { written, removed } = writeSchemas(dir);
  process.stdout.write(`${written} schema files written to ${dir}${removed.length ? `; removed ${removed.join(', ')}` : ''}\n`);
}
