module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'tenant-settings',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int.ts'],
};
