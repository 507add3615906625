import { createServer } from 'node:net';
import { Module } from '@nestjs/common';
import { ServiceConfig } from '@wdp/config';
import { runService } from './bootstrap';
import { PlatformModule } from './platform.module';
import { describeStartupError, startOrExit, startupFailureLine, type StartupIo, withoutCredentials } from './startup';

const ID = '11010519491231002X';

function capture(): StartupIo & { lines: string[]; codes: number[] } {
  const lines: string[] = [];
  const codes: number[] = [];
  return { lines, codes, writeLine: (l) => lines.push(l), exit: (c) => codes.push(c), now: () => 1_700_000_000_000 };
}

/** A local port nothing listens on: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('start-up failures', () => {
  it('a failing bootstrap is one fatal JSON line and exit status 1, not an unhandled rejection', async () => {
    const io = capture();
    const refused = Object.assign(new AggregateError([new Error('connect ECONNREFUSED ::1:5432'), new Error('connect ECONNREFUSED 127.0.0.1:5432')], ''), { code: 'ECONNREFUSED' });
    await expect(startOrExit('health-service', () => Promise.reject(refused), io)).resolves.toBeUndefined();
    expect(io.codes).toEqual([1]);
    expect(io.lines).toHaveLength(1);
    expect(JSON.parse(io.lines[0])).toEqual({
      level: 60,
      time: 1_700_000_000_000,
      service: 'health-service',
      msg: 'start-up failed, exiting with status 1: AggregateError ECONNREFUSED: connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432',
    });
  });

  it('a bootstrap that succeeds returns its result and neither logs nor exits', async () => {
    const io = capture();
    await expect(startOrExit('health-service', async () => 'app', io)).resolves.toBe('app');
    expect(io.lines).toEqual([]);
    expect(io.codes).toEqual([]);
  });

  it('never logs a password, an ID number or an API key from the error', () => {
    const err = new Error(`connect to postgres://wdp:s3cr%40t@db.internal:5432/wdp failed (password=hunter2) for ${ID}`);
    const line = startupFailureLine('health-service', err, 0);
    expect(line).not.toMatch(/s3cr|hunter2|1949/);
    expect(withoutCredentials('postgres://wdp:p@ss@db/x')).toBe('postgres://wdp:***@db/x');
    expect(withoutCredentials('postgres://postgres@127.0.0.1:5432/postgres')).toBe('postgres://postgres@127.0.0.1:5432/postgres');
    const key = 'wdp_health_d035c564_diK1uzEK_SB8XzQeWWQtGm0bbuFT9fSA00TRvJDAMko';
    expect(startupFailureLine('health-service', new Error(`bad key ${key}`), 0)).not.toContain(key);
    expect(describeStartupError('plain')).toBe('plain');
  });

  it('runService with its database down reports and exits instead of aborting or rejecting', async () => {
    const config = Object.assign(new ServiceConfig(), { PORT: 1, LOG_LEVEL: 'silent', DATABASE_URL: `postgres://wdp:topsecret@127.0.0.1:${await closedPort()}/postgres` });
    const info = { name: 'startup-test-service', title: 'Start-up test', description: 'No database.', version: '0.0.0' };
    @Module({ imports: [PlatformModule.forService({ info, config, migrations: [], entities: [] })] })
    class DatabaseDownApp {}
    const io = capture();
    await expect(runService(DatabaseDownApp, info, config, io)).resolves.toBeUndefined();
    expect(io.codes).toEqual([1]);
    expect(io.lines).toHaveLength(1);
    expect(JSON.parse(io.lines[0]).msg).toMatch(/^start-up failed, exiting with status 1: .*ECONNREFUSED/);
    expect(io.lines[0]).not.toContain('topsecret');
  });
});
