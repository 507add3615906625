// setupFilesAfterEnv of the integration project: real brokers and databases need more than jest's 5 s default.
jest.setTimeout(60_000);
