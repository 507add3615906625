import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Places testcontainers looks for a container engine (env, its properties file, the usual sockets). */
function dockerCandidates(): string[] {
  const home = os.homedir();
  const runtimeDir = process.env.XDG_RUNTIME_DIR;
  return [
    path.join(home, '.testcontainers.properties'),
    '/var/run/docker.sock',
    path.join(home, '.docker', 'run', 'docker.sock'),
    path.join(home, '.docker', 'desktop', 'docker.sock'),
    ...(runtimeDir ? [path.join(runtimeDir, 'docker.sock'), path.join(runtimeDir, 'podman', 'podman.sock')] : []),
  ];
}

/**
 * True when a container engine answers. The file checks make the common "no Docker" case instant and
 * silent; only when something looks present do we ask testcontainers' own runtime check (bounded in time).
 */
export async function dockerAvailable(timeoutMs = 10_000): Promise<boolean> {
  if (!process.env.DOCKER_HOST && !dockerCandidates().some((p) => fs.existsSync(p))) return false;
  try {
     
    const { getContainerRuntimeClient } = require('testcontainers') as typeof import('testcontainers');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
    const ok = await Promise.race([getContainerRuntimeClient().then(() => true as const), timeout]);
    clearTimeout(timer);
    return ok;
  } catch {
    return false;
  }
}
