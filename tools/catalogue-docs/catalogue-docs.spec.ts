import { loadAreas } from '@wdp/contracts';
import { readFileSync } from 'node:fs';
import { CODE_LISTS_FILE, INDICATORS_FILE, REPO_AREAS_FILE } from './generate';
import { renderCodeLists, renderIndicators } from './render';

describe('generated catalogue docs', () => {
  it('docs/code-lists.md matches the vocabulary and area reference data', () => {
    expect(readFileSync(CODE_LISTS_FILE, 'utf8')).toBe(renderCodeLists(loadAreas(REPO_AREAS_FILE)));
  });

  it('docs/indicators.md matches the indicator catalogue', () => {
    expect(readFileSync(INDICATORS_FILE, 'utf8')).toBe(renderIndicators());
  });
});
