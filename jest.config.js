// `npx jest` runs every project; each project's own config is also what `nx test <project>` uses.
module.exports = {
  // Global options are not read from the projects: the backstop for tests against real services.
  // Above the harnesses' 30 s wait for a service to be ready, so a slow start fails with their
  // message, not a bare hook timeout.
  testTimeout: 60_000,
  projects: [
    '<rootDir>/contracts',
    '<rootDir>/libs/event-generator',
    '<rootDir>/libs/kafka',
    '<rootDir>/libs/database',
    '<rootDir>/libs/service-kit',
    '<rootDir>/libs/auth',
    '<rootDir>/libs/testing',
    '<rootDir>/libs/event-log',
    '<rootDir>/libs/event-store',
    '<rootDir>/libs/tenant-settings',
    '<rootDir>/libs/timescales',
    '<rootDir>/services/ingestion',
    '<rootDir>/services/metrics',
    '<rootDir>/services/alerting',
    '<rootDir>/services/dashboard',
    '<rootDir>/tools/cli',
    '<rootDir>/test/browser',
    '<rootDir>/test',
    '<rootDir>/deploy',
  ],
};
