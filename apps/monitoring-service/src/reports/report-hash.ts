import { createHash } from 'node:crypto';
import { canonicalJson } from '@wdp/ingestion';
import type { ReportInput } from './report-input';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The data revision: a hash of exactly the data the report used, so equal data means an equal revision. */
export function dataRevisionOf(input: Pick<ReportInput, 'values' | 'references' | 'received' | 'indicators'>): string {
  return `sha256:${sha256(canonicalJson({ indicators: input.indicators, values: input.values, references: input.references, received: input.received }))}`;
}

export function contentHashOf(content: unknown): string {
  return `sha256:${sha256(canonicalJson(content))}`;
}
