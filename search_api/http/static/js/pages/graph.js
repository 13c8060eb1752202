// 图谱: a node's neighbourhood (/api/graph/neighborhood) drawn with
// Cytoscape.js; clicking a node recentres the view on it.

import { api, lists } from '../api.js';
import { h, badge, hrefs, nodeHref, LABELS, RELATIONS, definitionList } from '../dom.js';
import { cytoscape, COLORS, FONT, labelStyles, expose, short } from '../cy.js';
import { replaceParams } from '../router.js';

const STYLE = [
  { selector: 'node', style: { label: 'data(text)', 'font-family': FONT, 'font-size': 11, 'text-valign': 'bottom',
    'text-margin-y': 4, 'text-wrap': 'wrap', 'text-overflow-wrap': 'anywhere', 'text-max-width': 92, 'line-height': 1.25, width: 22, height: 22, 'border-width': 2,
    color: '#1d2430', 'text-background-color': '#ffffff', 'text-background-opacity': 0.75, 'text-background-padding': 1,
    'min-zoomed-font-size': 7 } },
  ...labelStyles(),
  { selector: 'node.root', style: { width: 40, height: 40, 'border-width': 4, 'font-size': 14, 'font-weight': 700, 'text-max-width': 200 } },
  { selector: 'node.far', style: { width: 12, height: 12, 'border-width': 1.5, label: '' } },
  { selector: 'node.hover', style: { 'border-color': '#1d2430', 'z-index': 10, label: 'data(text)' } },
  { selector: 'edge', style: { width: 1.2, 'line-color': '#c3c9d2', 'target-arrow-color': '#c3c9d2',
    'target-arrow-shape': 'triangle', 'arrow-scale': 0.7, 'curve-style': 'bezier', label: 'data(text)',
    'font-size': 9, color: '#7a818c', 'text-rotation': 'autorotate', 'font-family': FONT,
    'text-background-color': '#ffffff', 'text-background-opacity': 0.8 } },
  { selector: 'edge.quiet', style: { label: '' } },
];

/** Rings by hop distance from the root. */
function distances(data) {
  const adj = new Map(data.nodes.map((n) => [n.id, []]));
  for (const e of data.edges) { adj.get(e.source)?.push(e.target); adj.get(e.target)?.push(e.source); }
  const dist = new Map([[data.root, 0]]);
  const queue = [data.root];
  while (queue.length) {
    const id = queue.shift();
    for (const next of adj.get(id) || []) if (!dist.has(next)) { dist.set(next, dist.get(id) + 1); queue.push(next); }
  }
  return dist;
}

/** Starting points taken from the data: one county per block, the chains, the first task. */
/**
 * Rings by hop distance, stretched to the container's shape (an ellipse, so
 * a wide screen is used); nodes of the outer ring sit near their inner
 * neighbour, the rest grouped by label.
 */
function ringPositions(data, dist, width, height) {
  const levels = new Map();
  for (const n of data.nodes) {
    const d = dist.get(n.id) ?? 1;
    if (!levels.has(d)) levels.set(d, []);
    levels.get(d).push(n);
  }
  const maxD = Math.max(1, ...levels.keys());
  const rx = Math.max(120, width / 2 - 90);
  const ry = Math.max(100, height / 2 - 40);
  const angle = new Map([[data.root, 0]]);
  const pos = { [data.root]: { x: 0, y: 0 } };
  const adj = new Map();
  for (const e of data.edges) {
    if (!adj.has(e.source)) adj.set(e.source, []);
    if (!adj.has(e.target)) adj.set(e.target, []);
    adj.get(e.source).push(e.target);
    adj.get(e.target).push(e.source);
  }
  for (let d = 1; d <= maxD; d++) {
    const ring = levels.get(d) || [];
    const key = (n) => {
      const parent = (adj.get(n.id) || []).find((m) => dist.get(m) === d - 1 && angle.has(m));
      return d > 1 && parent ? angle.get(parent) : 0;
    };
    ring.sort((a, b) => key(a) - key(b) || a.label.localeCompare(b.label) || String(a.name).localeCompare(String(b.name), 'zh-CN'));
    ring.forEach((n, i) => {
      const t = -Math.PI / 2 + (2 * Math.PI * i) / ring.length;
      angle.set(n.id, t);
      // A crowded ring is staggered over two radii so neighbours do not overlap.
      const r = (d / maxD) * (ring.length > 40 && i % 2 ? 0.86 : 1);
      pos[n.id] = { x: Math.cos(t) * rx * r, y: Math.sin(t) * ry * r };
    });
  }
  return pos;
}

async function startPoints() {
  const [counties, blocks, chains, tasks] = await Promise.all([lists.counties(), lists.blocks(), lists.chains(), lists.tasks()]);
  const picks = [];
  for (const block of blocks) {
    const county = counties.find((c) => c.block === block);
    if (county) picks.push({ id: county.id, text: `${county.name}（${block}）` });
  }
  if (!picks.length && counties[0]) picks.push({ id: counties[0].id, text: counties[0].name });
  for (const c of chains.slice(0, 3)) picks.push({ id: c.id, text: c.name });
  if (tasks[0]) picks.push({ id: tasks[0].id, text: `${tasks[0].ordinal || ''}${tasks[0].title}` });
  return picks;
}

function panel(data, node) {
  const counts = {};
  for (const n of data.nodes) if (n.id !== data.root) counts[n.label] = (counts[n.label] || 0) + 1;
  const rels = {};
  for (const e of data.edges) rels[e.type] = (rels[e.type] || 0) + 1;
  return h('aside', { class: 'card graph-panel', id: 'graph-panel' },
    h('p', { class: 'muted small' }, LABELS[node.label] || node.label),
    h('h2', { id: 'graph-root-name' }, node.name),
    h('p', { class: 'mono small muted' }, node.id),
    node.label !== 'ChainLink' ? h('p', {}, h('a', { href: nodeHref(node) }, `打开${LABELS[node.label] || ''}页面 →`)) : null,
    definitionList([
      ['节点', `${data.nodes.length} 个${data.truncated ? '（已截断）' : ''}`],
      ['关系', `${data.edges.length} 条`],
    ]),
    h('h3', {}, '邻居'),
    h('ul', { class: 'plain counts' }, Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([label, n]) =>
      h('li', {}, h('span', { class: 'dot', style: `background:${(COLORS[label] || ['#eee', '#888'])[1]}` }),
        `${LABELS[label] || label} ${n}`))),
    h('h3', {}, '关系类型'),
    h('ul', { class: 'plain counts' }, Object.entries(rels).sort((a, b) => b[1] - a[1]).map(([type, n]) =>
      h('li', {}, `${RELATIONS[type] || type} ${n}`))),
    h('p', { class: 'muted small' }, '点击任一节点，以它为中心重新展开；悬停查看全名。节点较多时，外圈节点只在悬停时显示名称。'));
}

export async function render(root, { params }) {
  let id = params.get('id');
  const depth = Math.min(3, Math.max(1, Number(params.get('depth')) || 1));
  const picks = await startPoints();
  if (!id) {
    id = picks[0] ? picks[0].id : null;
    if (id) replaceParams({ id, depth });
  }

  const idInput = h('input', { type: 'text', id: 'graph-id', value: id || '', 'aria-label': '节点 ID',
    placeholder: '节点 ID，如 county:…、project:…、chain:…' });
  const depthSelect = h('select', { id: 'graph-depth', 'aria-label': '展开层数' },
    [1, 2, 3].map((d) => h('option', { value: String(d), selected: d === depth }, `${d} 层`)));
  const form = h('form', { class: 'card graph-form' },
    h('label', { class: 'filter' }, h('span', {}, '中心节点'), idInput),
    h('label', { class: 'filter' }, h('span', {}, '展开'), depthSelect),
    h('button', { type: 'submit', class: 'primary' }, '展开'),
    h('span', { class: 'badges' }, h('span', { class: 'muted small' }, '从这里开始：'),
      picks.map((p) => badge(p.text, 'muted', hrefs.graph(p.id, depth)))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (idInput.value.trim()) location.hash = hrefs.graph(idInput.value.trim(), depthSelect.value);
  });
  depthSelect.addEventListener('change', () => { if (id) location.hash = hrefs.graph(id, depthSelect.value); });

  root.append(h('h1', {}, '知识图谱'), form);
  if (!id) return undefined;

  const data = await api('graph/neighborhood', { id, depth });
  const rootNode = data.nodes.find((n) => n.id === data.root);
  document.title = `${rootNode.name} · 图谱 · PlanAtlas`;
  const container = h('div', { id: 'graph', class: 'cy cy-graph', role: 'img',
    'aria-label': `${rootNode.name} 的 ${depth} 层邻域：${data.nodes.length} 个节点` });
  const tip = h('div', { class: 'cy-tip', hidden: true });
  root.append(h('div', { class: 'graph-layout' },
    h('div', { class: 'card graph-card' }, container, tip,
      h('div', { class: 'legend' }, [...new Set(data.nodes.map((n) => n.label))].map((label) =>
        h('span', { class: 'lg' }, h('span', { class: 'dot', style: `background:${(COLORS[label] || ['#eee', '#888'])[1]}` }),
          LABELS[label] || label)))),
    panel(data, rootNode)));

  const dist = distances(data);
  const many = data.edges.length > 40;
  const crowded = data.nodes.length > 60; // outer nodes drawn small, named on hover
  const cy = cytoscape({
    container, style: STYLE, minZoom: 0.2, maxZoom: 3,
    elements: [
      ...data.nodes.map((n) => ({ group: 'nodes',
        classes: n.id === data.root ? 'root' : (crowded && (dist.get(n.id) ?? 9) >= 2 ? 'far' : ''),
        data: { id: n.id, label: n.label, name: n.name, text: short(n.name, n.id === data.root ? 24 : 16), dist: dist.get(n.id) ?? 9 } })),
      ...data.edges.map((e, i) => ({ group: 'edges', classes: many ? 'quiet' : '',
        data: { id: `e${i}`, source: e.source, target: e.target, type: e.type, text: RELATIONS[e.type] || e.type } })),
    ],
    layout: { name: 'preset', positions: ringPositions(data, dist, container.clientWidth, container.clientHeight),
      fit: true, padding: 30, animate: false },
  });
  cy.on('tap', 'node', (evt) => {
    const target = evt.target.id();
    if (target !== data.root) location.hash = hrefs.graph(target, depth);
  });
  cy.on('mouseover', 'node', (evt) => {
    const n = evt.target;
    n.addClass('hover');
    n.connectedEdges().removeClass('quiet');
    tip.textContent = `${LABELS[n.data('label')] || n.data('label')}：${n.data('name')}`;
    tip.hidden = false;
  });
  cy.on('mouseout', 'node', (evt) => {
    evt.target.removeClass('hover');
    if (many) evt.target.connectedEdges().addClass('quiet');
    tip.hidden = true;
  });
  container.dataset.rendered = 'true';
  container.dataset.root = data.root;
  container.dataset.nodes = String(cy.nodes().length);
  expose('cy', cy);
  const onResize = () => cy.resize();
  window.addEventListener('resize', onResize);
  return () => { window.removeEventListener('resize', onResize); cy.destroy(); };
}
