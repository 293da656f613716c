const preset = require('../jest.preset.js');

// The root .swcrc excludes *.spec.ts from builds, and @swc/jest reads it too ("cannot process
// file because it's ignored by .swcrc"); the preset's inline options are complete, so skip it.
const [pattern, [transformer, options]] = Object.entries(preset.transform)[0];

module.exports = {
  ...preset,
  transform: { [pattern]: [transformer, { ...options, swcrc: false }] },
  displayName: 'contracts',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
