import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { problem, ProblemException, SERVICE_CONFIG } from '@wdp/platform';
import { chromium } from 'playwright-core';
import type { MonitoringServiceConfig } from '../config';
import { esc } from './html-format';

/** Renders at once; more wait for nothing and are told to come back (each render is a Chromium process of its own). */
const MAX_RENDERS = 2;
const TIMEOUT_MS = 120_000;

/**
 * The report's HTML page printed to PDF by headless Chromium (CHROMIUM_PATH): A4 landscape, the page's own
 * colours, page numbers in the footer. Chromium runs with JavaScript off and every request refused, so the
 * page (self-contained, its text escaped) cannot reach anything; a fresh browser per document, closed after,
 * keeps one report's state out of the next. Without Chromium, or when it fails to start, the answer is a 503
 * problem: the other formats do not need it.
 */
@Injectable()
export class PdfRenderer {
  private readonly logger = new Logger(PdfRenderer.name);
  private active = 0;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: Pick<MonitoringServiceConfig, 'CHROMIUM_PATH'>) {}

  async render(html: string, title: string): Promise<Buffer> {
    const path = this.config.CHROMIUM_PATH;
    if (!existsSync(path)) {
      throw new ProblemException(problem(503, `PDF rendering needs a headless Chromium at ${path} (CHROMIUM_PATH), which this server does not have. The report is available as JSON, CSV and HTML.`));
    }
    if (this.active >= MAX_RENDERS) {
      throw new ProblemException(problem(503, `${MAX_RENDERS} PDFs are being rendered; try again in a few seconds.`));
    }
    this.active += 1;
    try {
      return await this.print(path, html, title);
    } finally {
      this.active -= 1;
    }
  }

  private async print(path: string, html: string, title: string): Promise<Buffer> {
    let browser;
    try {
      browser = await chromium.launch({
        executablePath: path,
        timeout: TIMEOUT_MS,
        // No sandbox: it needs user namespaces, which containers rarely grant; the page runs no script and reaches nothing.
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-extensions'],
        // Chromium's caches go to the scratch directory (the image's root is read-only); it gets no secrets from our environment.
        env: { HOME: tmpdir(), PATH: process.env.PATH ?? '/usr/bin:/bin', TZ: 'UTC' },
      });
    } catch (err) {
      this.logger.error(`Chromium at ${path} did not start: ${(err as Error).message.split('\n')[0]}`);
      throw new ProblemException(problem(503, `The headless Chromium at ${path} (CHROMIUM_PATH) did not start, so no PDF can be rendered now. The report is available as JSON, CSV and HTML.`));
    }
    try {
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT_MS);
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({
        format: 'A4',
        landscape: true,
        printBackground: true,
        margin: { top: '12mm', bottom: '14mm', left: '10mm', right: '10mm' },
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: `<div style="font-size:8px;width:100%;text-align:center;color:#666">${esc(title)} · <span class="pageNumber"></span> / <span class="totalPages"></span></div>`,
      });
    } catch (err) {
      // A browser that crashed or timed out is the server's trouble of the moment, not the request's.
      this.logger.error(`Chromium did not print the report: ${(err as Error).message.split('\n')[0]}`);
      throw new ProblemException(problem(503, 'The report could not be printed to PDF just now; try again, or read it as HTML.'));
    } finally {
      await browser.close().catch((err: Error) => this.logger.warn(`Chromium did not close cleanly: ${err.message.split('\n')[0]}`));
    }
  }
}
