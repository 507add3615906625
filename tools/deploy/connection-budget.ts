// How many PostgreSQL connections each service's pool may hold so that every pod that can exist at once
// stays within the server's max_connections: 8 replicas × 7 services × a pool of 20 needed 1,120 of the
// default 100. All services share one server (one DATABASE_URL), so they share its connections.

export interface PostgresLimits {
  /** The server's max_connections. */
  maxConnections: number;
  /** Kept free: superuser_reserved_connections (3 by default) and room for operators, backups and psql. */
  reserved: number;
}

export interface ServiceDemand {
  name: string;
  /** The HorizontalPodAutoscaler's maxReplicas. */
  maxReplicas: number;
  /** Extra pods during a rolling update (the Deployment's maxSurge). */
  maxSurge: number;
  /** Relative share of the connections (the monitoring service consumes, settles and serves queries). */
  weight: number;
}

/**
 * Connections a pod holds beyond its pool: the outbox relay's LISTEN connection (every service runs one).
 * The start-up's database check closes its connection before the pool opens.
 */
export const CONNECTIONS_BESIDE_POOL = 1;

/** A pool below this cannot serve a request while the relay publishes (each holds one connection). */
export const MIN_POOL = 2;

/**
 * Pool size per service: the connections left after the reserve and the migration Job are shared out by
 * weight, and each service's share divided among its most pods at once (maxReplicas + maxSurge).
 * Throws when a service would get fewer than MIN_POOL: lower its maxReplicas or raise max_connections.
 */
export function poolSizes(limits: PostgresLimits, services: ServiceDemand[], migrationPool: number): Record<string, number> {
  const budget = limits.maxConnections - limits.reserved - migrationPool;
  const totalWeight = services.reduce((sum, s) => sum + s.weight, 0);
  const pools: Record<string, number> = {};
  for (const s of services) {
    const share = Math.floor((budget * s.weight) / totalWeight);
    const pool = Math.floor(share / (s.maxReplicas + s.maxSurge)) - CONNECTIONS_BESIDE_POOL;
    if (pool < MIN_POOL) {
      throw new Error(
        `${s.name}: ${share} connections for ${s.maxReplicas + s.maxSurge} pods leave a pool of ${pool} (< ${MIN_POOL}); ` +
          `lower maxReplicas or raise max_connections (${limits.maxConnections})`,
      );
    }
    pools[s.name] = pool;
  }
  return pools;
}

/** The most connections all pods and the migration Job can hold at once. */
export function peakConnections(services: (ServiceDemand & { pool: number })[], migrationPool: number): number {
  return services.reduce((sum, s) => sum + (s.maxReplicas + s.maxSurge) * (s.pool + CONNECTIONS_BESIDE_POOL), 0) + migrationPool;
}
