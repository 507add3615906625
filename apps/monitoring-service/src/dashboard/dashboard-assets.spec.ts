import { loadDashboardAssets, PAGE_FILES } from './dashboard-assets';

describe('dashboard assets', () => {
  it('loads every page file and ECharts from node_modules, each with its content type', () => {
    const assets = loadDashboardAssets();
    for (const name of PAGE_FILES) expect(assets.get(name)?.body.length).toBeGreaterThan(0);
    expect(assets.get('index.html')!.contentType).toBe('text/html; charset=utf-8');
    expect(assets.get('dashboard.js')!.contentType).toBe('text/javascript; charset=utf-8');
    expect(assets.get('vendor/echarts.min.js')!.body.toString('utf8', 0, 2000)).toContain('echarts');
  });

  it('the page refers only to files it is served with, and to nothing off this origin', () => {
    const assets = loadDashboardAssets();
    const html = assets.get('index.html')!.body.toString('utf8');
    const refs = [...html.matchAll(/(?:src|href)="([^"#]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(2);
    for (const ref of refs) expect(assets.has(ref.replace(/^\/dashboard\/(assets\/)?/, ''))).toBe(true);
    const scripts = PAGE_FILES.filter((f) => f.endsWith('.js')).map((f) => assets.get(f)!.body.toString('utf8'));
    for (const js of scripts) {
      for (const [, imported] of js.matchAll(/from '\.\/([^']+)'/g)) expect(PAGE_FILES).toContain(imported);
      expect(js).not.toMatch(/https?:\/\//);
    }
  });

  it('fails at start, not on a page load, when a vendor file is missing', () => {
    expect(() => loadDashboardAssets(() => '/nonexistent/echarts.min.js')).toThrow(/ENOENT/);
  });
});
