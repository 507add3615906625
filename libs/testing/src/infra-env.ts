export interface TestInfra {
  kafkaBrokers: string;
  databaseUrl: string;
}

/** The broker and database global-setup resolved; fails with a hint when run outside the integration project. */
export function testInfra(): TestInfra {
  const kafkaBrokers = process.env.KAFKA_BROKERS;
  const databaseUrl = process.env.DATABASE_URL;
  if (!kafkaBrokers || !databaseUrl) {
    throw new Error('KAFKA_BROKERS/DATABASE_URL are not set: run integration tests with `npx jest --selectProjects integration`');
  }
  return { kafkaBrokers, databaseUrl };
}
