module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'event-log',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int.ts'],
};
