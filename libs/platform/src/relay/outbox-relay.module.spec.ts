import { OutboxRelayHost, OutboxRelayModule } from './outbox-relay.module';

describe('OutboxRelayModule.forService', () => {
  it('provides and exports the relay host by default', () => {
    const module = OutboxRelayModule.forService({ topic: 'wdp.health.events.v1' });
    expect(module.providers).toContainEqual(OutboxRelayHost);
    expect(module.exports).toEqual([OutboxRelayHost]);
  });

  it('provides nothing when switched off (the migration job, an API-only replica)', () => {
    const module = OutboxRelayModule.forService({ topic: 'wdp.health.events.v1', enabled: false });
    expect(module.providers ?? []).toEqual([]);
    expect(module.exports ?? []).toEqual([]);
  });
});
