import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser tests can run here. Without Chromium they are skipped with a message, except in CI
 * (CI=true), where .ci/run installs it and a missing browser must fail the run instead of hiding it.
 */
export function chromiumAvailability(): { run: boolean; message?: string } {
  if (existsSync(CHROMIUM_PATH)) return { run: true };
  const message = `Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH) to run the dashboard browser tests.`;
  if (process.env.CI === 'true') throw new Error(`${message} CI=true, so this is a failure, not a skip.`);
  return { run: false, message };
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's headless Chromium on a fresh profile, with no network beyond what the page asks for. */
export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'wdp-dashboard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    viewport: { width: 1440, height: 1000 },
    locale: 'zh-CN',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
