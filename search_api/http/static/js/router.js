// Hash routes: "#/<page>/<arg>?<query>".

/** "#/chain/chain%3Ahydrogen?county=侯马市" → {name: 'chain', arg: 'chain:hydrogen', params} */
export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q >= 0 ? raw.slice(0, q) : raw;
  const params = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '');
  const slash = path.indexOf('/');
  const name = (slash >= 0 ? path.slice(0, slash) : path) || 'search';
  let arg = slash >= 0 ? path.slice(slash + 1) : '';
  try { arg = decodeURIComponent(arg); } catch { /* keep as is */ }
  return { name, arg, params };
}

/** Change one page's query without a history entry per keystroke. */
export function replaceParams(params) {
  const { name, arg } = parseHash();
  const base = arg ? `#/${name}/${encodeURIComponent(arg)}` : `#/${name}`;
  const query = new URLSearchParams(params).toString();
  history.replaceState(null, '', query ? `${base}?${query}` : base);
}
