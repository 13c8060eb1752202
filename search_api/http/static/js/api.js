// The JSON API under /api: one fetch helper and a cache of the lists every
// page needs (counties, tasks, chains).

export class ApiError extends Error {
  constructor(status, detail) {
    super(typeof detail === 'string' ? detail : JSON.stringify(detail));
    this.status = status;
    this.detail = detail;
  }
}

/** GET /api/<path> with query params (empty values left out); JSON back. */
export async function api(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') query.set(key, value);
  }
  const url = `/api/${path}${query.toString() ? `?${query}` : ''}`;
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  let body = null;
  try { body = await response.json(); } catch { /* not JSON */ }
  if (!response.ok) {
    const detail = body && body.detail ? body.detail : `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, response.status === 404 ? `未找到：${detail}` : detail);
  }
  return body;
}

/** Path segment for an id that may hold ':', '/', '+' or CJK. */
export const seg = (id) => encodeURIComponent(id);

const cache = new Map();
function once(key, load) {
  if (!cache.has(key)) cache.set(key, load().catch((err) => { cache.delete(key); throw err; }));
  return cache.get(key);
}

export const lists = {
  counties: () => once('counties', async () => (await api('counties')).data),
  tasks: () => once('tasks', async () => (await api('tasks')).data),
  chains: () => once('chains', async () => (await api('chains')).data),
  blocks: () => once('blocks', async () => (await api('blocks')).data.map((b) => b.name)),
  industries: () => once('industries', async () => (await api('industries')).data.map((i) => i.name)),
  /** A document's title, for source citations. */
  doc: (id) => once(`doc:${id}`, async () => {
    try {
      const node = await api(`nodes/${seg(id)}`);
      return { id, title: node.props.title || id, path: node.props.path };
    } catch {
      return { id, title: id.replace(/^doc:/, ''), path: null };
    }
  }),
};

export async function chainName(id) {
  const chain = (await lists.chains()).find((c) => c.id === id);
  return chain ? chain.name : id;
}

export async function taskByNumber(number) {
  return (await lists.tasks()).find((t) => t.number === number) || null;
}
