import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DashboardAsset {
  contentType: string;
  body: Buffer;
}

const PUBLIC_DIR = join(__dirname, 'public');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The page's own files, by the name the page asks for. A fixed list: no path from a request touches the file system. */
export const PAGE_FILES = ['index.html', 'dashboard.js', 'api.js', 'live.js', 'i18n.js', 'charts.js', 'completeness.js', 'violations.js', 'approvals.js', 'format.js', 'dashboard.css'] as const;

/** Vendor files served from node_modules (no CDN: the dashboard must work without internet access). */
export const VENDOR_FILES: Readonly<Record<string, string>> = {
  'echarts.min.js': 'echarts/dist/echarts.min.js',
};

function typeOf(name: string): string {
  const ext = name.slice(name.lastIndexOf('.'));
  return TYPES[ext] ?? 'application/octet-stream';
}

/**
 * Loads every asset once at start, so a missing file fails the service at boot rather than a user's
 * page load, and requests never read from disk.
 */
export function loadDashboardAssets(resolveModule: (id: string) => string = require.resolve): Map<string, DashboardAsset> {
  const assets = new Map<string, DashboardAsset>();
  for (const name of PAGE_FILES) assets.set(name, { contentType: typeOf(name), body: readFileSync(join(PUBLIC_DIR, name)) });
  for (const [name, id] of Object.entries(VENDOR_FILES)) assets.set(`vendor/${name}`, { contentType: typeOf(name), body: readFileSync(resolveModule(id)) });
  return assets;
}
