// One jest run, two projects: unit tests (*.spec.ts) beside the code, and integration tests
// (*.integration-spec.ts) against the real Kafka broker and PostgreSQL. scripts/test.mjs runs both.
const { compilerOptions } = require('./tsconfig.json');
const fs = require('node:fs');

const swc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.$schema;

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    // ESM-only dependencies pulled in by CommonJS packages (content-disposition 3 via @fastify/static, which
    // SwaggerModule.setup loads; @platformatic/kafka, the optional Kafka client): jest's module registry cannot
    // require(esm), so swc turns them into CommonJS.
    '/node_modules/(content-disposition|@platformatic)/.+\\.js$': ['@swc/jest', { ...swc, jsc: { ...swc.jsc, parser: { syntax: 'ecmascript' } } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|@platformatic)/)'],
  moduleFileExtensions: ['ts', 'js', 'json', 'mjs'],
  moduleNameMapper,
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools', '<rootDir>/tests'].filter((d) => fs.existsSync(d.replace('<rootDir>', __dirname))),
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['**/*.integration-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/integration-setup.ts'],
      slowTestThreshold: 30,
    },
  ],
};
