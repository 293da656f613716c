// The dashboard in a real browser: Debian's Chromium driven by playwright-core, axe-core on every
// page, against the built metrics, alerting and dashboard services (`npm run build` first).
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'browser',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.browser.ts'],
  testTimeout: 120_000,
};
