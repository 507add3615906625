// The monitoring service's public API, read with the user's own key (sessionStorage: gone with the tab).
const KEY_STORAGE = 'wdp.monitoring.apiKey';

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail || `HTTP ${status}`);
    this.status = status;
  }
}

export const apiKey = {
  get: () => sessionStorage.getItem(KEY_STORAGE),
  set: (key) => sessionStorage.setItem(KEY_STORAGE, key),
  clear: () => sessionStorage.removeItem(KEY_STORAGE),
};

async function request(method, path, body) {
  const headers = { Accept: 'application/json, application/problem+json' };
  const key = apiKey.get();
  if (key) headers['X-API-Key'] = key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, json?.detail || json?.title);
  return json;
}

const query = (params) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

/** Every item of a paged list: pages of 500 (the API's maximum), following nextCursor to the end. */
async function all(path, params = {}) {
  const items = [];
  let cursor;
  do {
    const res = await request('GET', `${path}${query({ ...params, limit: 500, cursor })}`);
    items.push(...res.items);
    cursor = res.nextCursor;
  } while (cursor);
  return items;
}

export const api = {
  reference: () => request('GET', '/dashboard/reference.json'),
  check: () => request('GET', '/v1/indicators?limit=1'),
  indicators: () => all('/v1/indicators'),
  assessments: (area, view) => all('/v1/assessments', { area, view }),
  assessmentsOf: (code, area, view) => all(`/v1/assessments/${encodeURIComponent(code)}`, { area, view }),
  /** How many cells the official figures leave out now (every assessments page carries it). */
  heldCells: () => request('GET', '/v1/assessments?limit=1').then((page) => page.heldCells),
  values: (indicator, area, view) => all('/v1/values', { indicator, area, view }),
  genderGaps: (area) => all('/v1/gender-gaps', { area }),
  plans: () => all('/v1/plans'),
  planAssessments: (id, area, filter = {}) => all(`/v1/plans/${encodeURIComponent(id)}/assessments`, { area, ...filter }),
  plansOf: (code, area) => request('GET', `/v1/indicators/${encodeURIComponent(code)}/plan-assessments${query({ area })}`),
  openAlerts: (area) => all('/v1/alerts', { status: 'open', area }),
  completeness: (area) => all('/v1/completeness', { area }),
  openViolations: (area) => all('/v1/validation/violations', { state: 'open', area }),
  approvals: () => all('/v1/approvals'),
  activeSilences: () => all('/v1/silences', { state: 'active' }),
  acknowledge: (id, comment) => request('POST', `/v1/alerts/${encodeURIComponent(id)}/acknowledge`, { comment }),
  streamToken: () => request('POST', '/v1/alerts/stream-tokens', {}),
};
