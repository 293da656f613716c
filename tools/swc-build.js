#!/usr/bin/env node
'use strict';
// `node tools/swc-build.js [-d <out>] <dir>…`: compiles into dist/ (or <out>) with swc (.swcrc), the path aliases taken from
// tsconfig.base.json, the one place they are declared (swc cannot read a tsconfig itself).
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { compilerOptions } = require('../tsconfig.base.json');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const outDir = args[0] === '-d' ? args.splice(0, 2)[1] : 'dist';
const dirs = args;
if (!dirs.length || !outDir) {
  process.stderr.write('usage: node tools/swc-build.js [-d <out>] <dir>…\n');
  process.exit(2);
}
// One -C per alias: swc's CLI splits -C values at commas, so a whole paths object cannot go in one.
const aliases = Object.entries(compilerOptions.paths).flatMap(([alias, [target]]) => ['-C', `jsc.paths.${alias}=${JSON.stringify([target])}`]);
const swc = require.resolve('@swc/cli/bin/swc.js', { paths: [root] });
const run = spawnSync(process.execPath, [swc, ...dirs, '-d', outDir, '--quiet', ...aliases], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
