import { peakConnections, poolSizes } from './connection-budget';

const services = [
  { name: 'monitoring-service', maxReplicas: 6, maxSurge: 1, weight: 3 },
  ...['health', 'education', 'employment', 'social-security', 'rights-protection', 'family'].map((d) => ({ name: `${d}-service`, maxReplicas: 4, maxSurge: 1, weight: 1 })),
];

describe('poolSizes', () => {
  it('shares out max_connections minus the reserve and the migration Job by weight, per pod at once', () => {
    const pools = poolSizes({ maxConnections: 200, reserved: 10 }, services, 2);
    expect(pools).toEqual({
      'monitoring-service': 7, // floor(188 × 3/9 = 62 / 7 pods) − 1 LISTEN connection
      'health-service': 3, 'education-service': 3, 'employment-service': 3, 'social-security-service': 3, 'rights-protection-service': 3, 'family-service': 3,
    });
    expect(peakConnections(services.map((s) => ({ ...s, pool: pools[s.name] })), 2)).toBe(178);
  });

  it('refuses a server too small for the replicas, naming the service', () => {
    expect(() => poolSizes({ maxConnections: 100, reserved: 10 }, services, 2)).toThrow(/health-service: 9 connections for 5 pods leave a pool of 0/);
  });

  it('the old manifests (8 replicas × 6 departments, 6 monitoring, pools of 20) needed far more than 100', () => {
    const old = services.map((s) => ({ ...s, maxReplicas: s.weight === 3 ? 6 : 8, pool: 20 }));
    expect(peakConnections(old, 20)).toBe(7 * 21 + 6 * 9 * 21 + 20);
  });
});
