import { INDICATORS } from '@wdp/indicators';
import { type MonitoringHarness, startMonitoring } from '../test-support/monitoring-harness';

interface Page {
  items: { code: string }[];
  nextCursor: string | null;
  total: number;
  page: number;
  pageSize: number;
}

/** Lists take limit + cursor (the convention of every service) and still take the deprecated page + pageSize. */
describe('paging monitoring lists', () => {
  let h: MonitoringHarness;
  const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { 'x-api-key': h.keys.read } });
  const page = async (url: string): Promise<Page> => {
    const res = await get(url);
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    h = await startMonitoring('mon_paging');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('walks the catalogue by nextCursor and by page numbers to the same pages', async () => {
    const byCursor: string[][] = [];
    let cursor: string | null = null;
    do {
      const p: Page = await page(`/v1/indicators?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      byCursor.push(p.items.map((i) => i.code));
      expect(p.total).toBe(INDICATORS.length);
      cursor = p.nextCursor;
    } while (cursor);

    const byNumber: string[][] = [];
    for (let n = 1; n <= Math.ceil(INDICATORS.length / 7); n++) byNumber.push((await page(`/v1/indicators?page=${n}&pageSize=7`)).items.map((i) => i.code));

    expect(byCursor).toEqual(byNumber);
    expect(byCursor.flat()).toHaveLength(INDICATORS.length);
    expect(new Set(byCursor.flat()).size).toBe(INDICATORS.length);
  });

  it('gives the same page to limit with a page number and to pageSize with a cursor', async () => {
    const first = await page('/v1/indicators?limit=5');
    expect(first).toMatchObject({ page: 1, pageSize: 5 });
    const viaAliases = await page('/v1/indicators?page=2&pageSize=5');
    const viaConvention = await page(`/v1/indicators?limit=5&cursor=${first.nextCursor}`);
    const mixed = await page(`/v1/indicators?pageSize=5&cursor=${first.nextCursor}`);
    expect(viaConvention).toEqual(viaAliases);
    expect(mixed).toEqual(viaAliases);
    expect(viaAliases).toMatchObject({ page: 2, pageSize: 5 });
    expect((await page('/v1/indicators?limit=500')).nextCursor).toBeNull();
  });

  it.each([
    ['/v1/indicators?limit=0', 'limit'],
    ['/v1/indicators?limit=501', 'limit'],
    ['/v1/alerts?cursor=bm90LWEtY3Vyc29y', 'cursor'],
    // A departmental (keyset) cursor is not a position in this list.
    ['/v1/assessments?cursor=czoxMDA', 'cursor'],
    ['/v1/silences?page=2&cursor=bzo1MA', 'page'],
    ['/v1/indicators?limit=5&pageSize=5', 'pageSize'],
    ['/v1/indicators?pageSize=0', 'pageSize'],
  ])('answers %s with a 422 problem naming %s', async (url, field) => {
    const res = await get(url);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().errors).toEqual([expect.objectContaining({ field })]);
  });
});
