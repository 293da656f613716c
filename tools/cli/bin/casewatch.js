#!/usr/bin/env node
'use strict';
// `npx casewatch …` from the repository: npm runs a root package's own `bin` (package.json).
// The CLI is run from its TypeScript source, compiled in memory by swc as each file is required
// (a few milliseconds), so it works on a fresh clone with no build and never runs a stale one.
// Without @swc/core (an install without dev dependencies), a build in dist/ is used.
const { existsSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..');
let entry = join(root, 'src', 'main.ts');
let swc;
try {
  swc = require('@swc/core');
} catch {
  entry = resolve(root, '../../dist/tools/cli/src/main.js');
  if (!existsSync(entry)) {
    process.stderr.write('casewatch: needs @swc/core (npm install) or a build in dist/tools/cli (npm run build)\n');
    process.exit(2);
  }
}

if (swc) {
  const options = {
    filename: '',
    sourceMaps: 'inline',
    module: { type: 'commonjs' },
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    swcrc: false,
  };
  // Only the CLI's own sources: everything it imports from node_modules is JavaScript already.
  require.extensions['.ts'] = (module, filename) => {
    if (!filename.startsWith(root)) throw new Error(`casewatch: will not compile ${filename}`);
    const { code } = swc.transformSync(require('node:fs').readFileSync(filename, 'utf8'), { ...options, filename });
    module._compile(code, filename);
  };
  process.setSourceMapsEnabled(true);
}

require(entry)
  .main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env })
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`casewatch: ${err && err.stack ? err.stack : err}\n`);
      process.exitCode = 70; // an internal error (EX_SOFTWARE), not a verdict on the import
    },
  );
