module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'timescales',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
