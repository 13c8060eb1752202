// The single-page app: hash routes → one module per page.
//
//   #/search?q=…&county=…     搜索
//   #/project/<id>            项目
//   #/duplicates?min=0.55     重复项目
//   #/county, #/county/<名>    县区
//   #/map?by=investment       地图
//   #/block,  #/block/<名>     板块
//   #/chain,  #/chain/<id>?county=…   产业链
//   #/graph?id=…&depth=1      图谱
//   #/upload?doc=…            上传
//
// A page module exports `render(root, route)` (async); it may return a
// cleanup function, called before the next page renders.

import { h, clear, errorBox } from './dom.js';
import { parseHash } from './router.js';
import * as search from './pages/search.js';
import * as project from './pages/project.js';
import * as duplicates from './pages/duplicates.js';
import * as county from './pages/county.js';
import * as block from './pages/block.js';
import * as chain from './pages/chain.js';
import * as graph from './pages/graph.js';
import * as upload from './pages/upload.js';
import * as map from './pages/map.js';

const PAGES = { search, project, duplicates, county, block, chain, graph, upload, map };
const TITLES = { search: '搜索', project: '项目', duplicates: '重复项目', county: '县区', block: '板块',
  chain: '产业链', graph: '图谱', upload: '上传', map: '地图' };

let cleanup = null;
let generation = 0;

async function route() {
  const current = parseHash();
  const page = PAGES[current.name];
  const app = document.getElementById('app');
  if (cleanup) { try { cleanup(); } catch { /* ignore */ } cleanup = null; }
  for (const a of document.querySelectorAll('.nav a')) {
    a.classList.toggle('active', a.dataset.route === current.name
      || (current.name === 'project' && a.dataset.route === 'search'));
  }
  const mine = ++generation;
  const root = h('div', { class: `page page-${current.name}`, dataset: { page: current.name, gen: String(mine) } });
  clear(app).appendChild(root);
  document.title = `${TITLES[current.name] || '页面'} · PlanAtlas`;
  if (!page) {
    root.append(h('h1', {}, '页面不存在'), h('p', {}, h('a', { href: '#/search' }, '返回搜索')));
    return;
  }
  root.setAttribute('aria-busy', 'true');
  try {
    const result = await page.render(root, current);
    if (mine === generation) cleanup = typeof result === 'function' ? result : null;
    else if (typeof result === 'function') result();
  } catch (err) {
    console.error(err);
    if (mine === generation) root.append(errorBox(err));
  } finally {
    root.setAttribute('aria-busy', 'false');
    root.dataset.ready = 'true';
  }
}

async function showStatus() {
  try {
    const health = await (await fetch('/health')).json();
    document.getElementById('status').textContent = `${health.projects} 个项目 · ${health.nodes} 个节点 · ${health.edges} 条关系`;
  } catch {
    document.getElementById('status').textContent = '服务不可用';
  }
}

window.addEventListener('hashchange', route);
window.addEventListener('planatlas-data', showStatus); // an upload or a merge changed the counts
window.addEventListener('DOMContentLoaded', () => { route(); showStatus(); });
