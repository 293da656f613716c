// Shared by every project: swc for speed (with decorator metadata for NestJS), aliases from tsconfig.
const { compilerOptions } = require('./tsconfig.base.json');
const path = require('node:path');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias}$`] = path.join(__dirname, target);
}

module.exports = {
  testEnvironment: 'node',
  // Integration tests talk to real services; waits are for conditions, this is only a backstop.
  // Above the harnesses' 30 s wait for a service to be ready, so a slow start fails with their
  // message, not a bare hook timeout.
  testTimeout: 60_000,
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      {
        swcrc: false,
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // ESM-only packages (jose; content-disposition under @fastify/static): swc makes them CommonJS for Jest.
  transformIgnorePatterns: ['/node_modules/(?!(jose|content-disposition|@fastify/static/node_modules/content-disposition)/)'],
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
};
