import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

// unpdf (PDF.js) is an ES module that loads PDF.js by dynamic import, which jest's CommonJS module registry
// cannot do; a plain Node process can, so the text is extracted there.
const EXTRACT = `
import { readFileSync } from 'node:fs';
import { extractText, getDocumentProxy } from 'unpdf';
const pdf = await getDocumentProxy(new Uint8Array(readFileSync(process.argv[1])));
const { totalPages, text } = await extractText(pdf, { mergePages: true });
process.stdout.write(JSON.stringify({ totalPages, text }));
`;

/**
 * The text of a PDF, NFKC-normalised: CJK fonts map some characters to their compatibility forms
 * (女 comes out as the Kangxi radical ⼥), which normalisation folds back.
 */
export async function pdfText(pdf: Buffer): Promise<{ totalPages: number; text: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'wdp-pdf-'));
  try {
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', EXTRACT, file], {
      cwd: resolve(__dirname, '../../../..'),
      maxBuffer: 64 * 1024 * 1024,
    });
    const out = JSON.parse(stdout) as { totalPages: number; text: string };
    return { totalPages: out.totalPages, text: out.text.normalize('NFKC') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
