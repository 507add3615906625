import { loadAreas } from '@wdp/contracts';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderCodeLists, renderIndicators } from './render';

export const CODE_LISTS_FILE = resolve(__dirname, '../../docs/code-lists.md');
export const INDICATORS_FILE = resolve(__dirname, '../../docs/indicators.md');
export const REPO_AREAS_FILE = resolve(__dirname, '../../deploy/reference/areas.json');

if (require.main === module) {
  writeFileSync(CODE_LISTS_FILE, renderCodeLists(loadAreas(REPO_AREAS_FILE)));
  writeFileSync(INDICATORS_FILE, renderIndicators());
  console.log(`wrote ${CODE_LISTS_FILE} and ${INDICATORS_FILE}`);
}
