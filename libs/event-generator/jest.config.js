module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'event-generator',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
