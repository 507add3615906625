import { createHash } from 'node:crypto';
import { canonicalJson } from '@wdp/ingestion';
import type { ReportInput } from './report-input';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * The data revision: a hash of exactly the data the report used, so equal data means an equal revision. The
 * plan and the alert history count where the snapshot carries them (older snapshots did not).
 */
export function dataRevisionOf(input: Pick<ReportInput, 'values' | 'references' | 'received' | 'indicators' | 'plan' | 'alertHistory'>): string {
  const { indicators, values, references, received, plan, alertHistory } = input;
  return `sha256:${sha256(canonicalJson({ indicators, values, references, received, ...(plan ? { plan } : {}), ...(alertHistory ? { alertHistory } : {}) }))}`;
}

export function contentHashOf(content: unknown): string {
  return `sha256:${sha256(canonicalJson(content))}`;
}
