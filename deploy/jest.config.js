// The Kubernetes manifests: schemas of their kinds, the project's rules, and the migration wait against PostgreSQL.
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'deploy',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts', '<rootDir>/**/*.int.ts'],
};
