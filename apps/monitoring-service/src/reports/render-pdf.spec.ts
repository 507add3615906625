import { ProblemException } from '@wdp/platform';
import { PdfRenderer } from './render-pdf';

describe('PdfRenderer without Chromium', () => {
  it('answers 503 naming CHROMIUM_PATH, never a 500, and launches nothing', async () => {
    const renderer = new PdfRenderer({ CHROMIUM_PATH: '/nonexistent/chromium' });
    const failure = await renderer.render('<p>x</p>', 'x').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ProblemException);
    expect((failure as ProblemException).getStatus()).toBe(503);
    expect(JSON.stringify((failure as ProblemException).getResponse())).toContain('CHROMIUM_PATH');
  });

  it('answers 503 when the file there is not a browser that starts', async () => {
    const renderer = new PdfRenderer({ CHROMIUM_PATH: '/bin/false' });
    const failure = await renderer.render('<p>x</p>', 'x').catch((e: unknown) => e);
    expect((failure as ProblemException).getStatus()).toBe(503);
    expect(JSON.stringify((failure as ProblemException).getResponse())).toContain('did not start');
  }, 90_000);
});
