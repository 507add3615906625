import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { parse } from 'yaml';

// docker-compose.yml and the Dockerfile read the way Docker reads them, for the tests that check them without a
// Docker engine: YAML 1.1 with merge keys (Go's YAML parser), compose's ${...} interpolation, and the runtime
// stage's ARG, ENV, WORKDIR, USER and CMD.

export const ROOT = path.resolve(__dirname, '..', '..');
export const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');

/** `health-service` → `HEALTH_SERVICE_ADMIN_API_KEY`: the variable docker-compose.yml reads for a service's admin key. */
export function adminKeyVariable(service: string): string {
  return `${service.toUpperCase().replace(/-/g, '_')}_ADMIN_API_KEY`;
}

/**
 * The secrets `npm run compose:env` writes, from the command itself (tools/compose-env, run as package.json runs
 * it, into a fresh file): a test runs the tool rather than importing it, as a user would.
 */
export function composeEnvSecrets(): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wdp-compose-env-'));
  try {
    const file = path.join(dir, '.env');
    const entry = path.join('tools', 'compose-env', 'compose-env.ts');
    execFileSync(process.execPath, ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', entry, file], { cwd: ROOT, env: { ...process.env, SWCRC: 'true' }, stdio: 'pipe' });
    return parseEnv(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> };
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
  volumes?: string[];
  tmpfs?: string[] | string;
  read_only?: boolean;
  healthcheck?: { test: string[] };
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** The compose file as a YAML 1.1 reader sees it (unquoted yes/no/on/off are booleans there), merge keys applied. */
export function parseCompose(text: string, version: '1.1' | '1.2' = '1.1'): ComposeFile {
  return parse(text, { version, merge: true }) as ComposeFile;
}

export function loadCompose(): ComposeFile {
  return parseCompose(fs.readFileSync(COMPOSE_FILE, 'utf8'));
}

const VARIABLE = /\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[?-])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Every variable the text interpolates, and whether compose refuses to start without it (`${X:?message}`). */
export function composeVariables(text: string): { name: string; required: boolean }[] {
  const found = new Map<string, boolean>();
  for (const m of text.matchAll(VARIABLE)) {
    const name = m[1] ?? m[4];
    if (name) found.set(name, (found.get(name) ?? false) || (m[2] ?? '').endsWith('?'));
  }
  return [...found].map(([name, required]) => ({ name, required }));
}

/** Compose's interpolation: `$$`, `$X`, `${X}`, `${X:-default}`, `${X-default}`, `${X:?error}`, `${X?error}`. */
export function interpolate(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(VARIABLE, (whole, braced: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$';
    const name = (braced ?? bare)!;
    const value = vars[name];
    const unset = op?.startsWith(':') ? !value : value === undefined;
    if (!unset) return value!;
    if (op?.endsWith('?')) throw new Error(`required variable ${name} is missing a value: ${arg}`);
    return op?.endsWith('-') ? arg! : '';
  });
}

export interface DockerfileStage {
  /** ARG defaults and ENV values in order, as the stage declares them. */
  args: Record<string, string>;
  env: Record<string, string>;
  workdir?: string;
  user?: string;
  cmd: string[];
}

/**
 * The last stage of a Dockerfile (the image that runs), with build args applied. Handles the forms this
 * repository uses: `ARG N=v`, `ENV K=V K2=V2` with `${ARG}` references, `WORKDIR`, `USER`, JSON-form `CMD`.
 */
export function runtimeStage(dockerfile: string, buildArgs: Record<string, string> = {}): DockerfileStage {
  const lines = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const lastFrom = lines.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true);
  const stage: DockerfileStage = { args: {}, env: {}, cmd: [] };
  const expand = (v: string) => v.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, n: string) => stage.env[n] ?? stage.args[n] ?? '');
  for (const line of lines.slice(lastFrom + 1)) {
    const [, instruction, rest] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    switch (instruction?.toUpperCase()) {
      case 'ARG': {
        const [name, ...value] = rest.split('=');
        stage.args[name] = buildArgs[name] ?? value.join('=');
        break;
      }
      case 'ENV':
        for (const pair of rest.split(/\s+/)) {
          const at = pair.indexOf('=');
          stage.env[pair.slice(0, at)] = expand(pair.slice(at + 1));
        }
        break;
      case 'WORKDIR':
        stage.workdir = rest;
        break;
      case 'USER':
        stage.user = rest;
        break;
      case 'CMD':
        stage.cmd = JSON.parse(rest) as string[];
        break;
    }
  }
  return stage;
}

export function loadRuntimeStage(service: ComposeService): DockerfileStage {
  const dockerfile = fs.readFileSync(path.join(ROOT, service.build!.context ?? '.', service.build!.dockerfile ?? 'Dockerfile'), 'utf8');
  return runtimeStage(dockerfile, service.build?.args ?? {});
}

/** The environment a compose service's container starts with: the image's ENV, then compose's `environment`. */
export function containerEnvironment(service: ComposeService, vars: Record<string, string | undefined>): Record<string, string> {
  const env = { ...loadRuntimeStage(service).env };
  for (const [k, v] of Object.entries(service.environment ?? {})) if (v !== null) env[k] = interpolate(String(v), vars);
  return env;
}
