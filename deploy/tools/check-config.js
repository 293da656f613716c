'use strict';
// `node check-config.js < containers.json` (from the repository root, after the build): for each
// {service, env}, the names the service reads from its environment (its env spec, with the common
// one) and what its own configuration loader says of that env: null, or the error it starts with.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

require('reflect-metadata');
const dist = join(__dirname, '..', '..', 'dist');
const { commonEnvSpec } = require(join(dist, 'libs/service-kit/src/config/common-env.js'));
const containers = JSON.parse(readFileSync(0, 'utf8'));
const results = containers.map(({ service, env }) => {
  const config = require(join(dist, 'services', service, 'src/config.js'));
  const spec = config[`${service}EnvSpec`];
  const load = config[`load${service[0].toUpperCase()}${service.slice(1)}Config`];
  if (!spec || !load) throw new Error(`dist/services/${service}/src/config.js has no ${service}EnvSpec or loader`);
  // The dashboard has no database, Kafka or Redis: its spec is all it reads.
  const names = Object.keys(service === 'dashboard' ? spec : { ...commonEnvSpec, ...spec });
  let error = null;
  try {
    load(env);
  } catch (err) {
    error = err.message;
  }
  return { service, names, error };
});
process.stdout.write(JSON.stringify(results));
