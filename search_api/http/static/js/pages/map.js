// 地图: the home city's counties drawn from public county boundaries
// (ontology/data/home-map.json), coloured by number of projects or total
// investment (switchable), each block outlined in its own colour, with a
// legend; a click on a county opens its page.

import { api } from '../api.js';
import { h, hrefs, fmtWan, section } from '../dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 760;
const PAD = 12;
const SHADES = ['#eef4fa', '#c9ddef', '#93bddf', '#4f8fc4', '#1f5f8b'];  // few → many
const BLOCK_COLOURS = ['#d9822b', '#2e7d4f', '#8e44ad', '#b3261e', '#555'];
const MEASURES = {
  projects: { label: '项目数', value: (c) => c.projects, fmt: (v) => `${Math.round(v)} 个` },
  investment: { label: '总投资', value: (c) => c.investment_wan,
    fmt: (v) => (v >= 10000 ? `${(v / 10000).toFixed(1)} 亿元` : fmtWan(v).split('（')[0]) },
};

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) if (value !== null && value !== undefined) el.setAttribute(key, value);
  for (const child of children.flat()) if (child) el.appendChild(child);
  return el;
}

/** Equirectangular projection fitted to the width, x shrunk by cos(latitude). */
function projection(counties) {
  const points = counties.flatMap((c) => c.rings.flat());
  const [minX, maxX] = [Math.min(...points.map((p) => p[0])), Math.max(...points.map((p) => p[0]))];
  const [minY, maxY] = [Math.min(...points.map((p) => p[1])), Math.max(...points.map((p) => p[1]))];
  const k = Math.cos(((minY + maxY) / 2) * Math.PI / 180);
  const scale = (WIDTH - 2 * PAD) / ((maxX - minX) * k);
  const height = (maxY - minY) * scale + 2 * PAD;
  return { height, at: ([x, y]) => [PAD + (x - minX) * k * scale, PAD + (maxY - y) * scale] };
}

/** Class breaks: five equal steps from 0 to the largest value. */
function breaks(values) {
  const top = Math.max(...values, 0);
  return SHADES.map((_, i) => (top * (i + 1)) / SHADES.length);
}

function shade(value, steps) {
  if (!value) return SHADES[0];
  return SHADES[Math.max(0, steps.findIndex((s) => value <= s))];
}

function draw(data, measure) {
  const { height, at } = projection(data.counties);
  const m = MEASURES[measure];
  const steps = breaks(data.counties.map(m.value));
  const blockColour = Object.fromEntries(data.blocks.map((b, i) => [b, BLOCK_COLOURS[i % BLOCK_COLOURS.length]]));
  const path = (rings) => rings.map((ring) => `M${ring.map((p) => at(p).map((v) => v.toFixed(1)).join(',')).join('L')}Z`).join('');
  const shapes = data.counties.map((c) => {
    const a = svg('a', { href: hrefs.county(c.name), 'data-county': c.name },
      svg('path', { d: path(c.rings), class: 'county-shape', fill: shade(m.value(c), steps) }),
      svg('title', {}, document.createTextNode(`${c.name}：${m.fmt(m.value(c))}${c.block ? `，${c.block}板块` : ''}`)));
    return a;
  });
  const outlines = data.counties.filter((c) => c.block).map((c) => svg('path', {
    d: path(c.rings), class: 'block-outline', stroke: blockColour[c.block], 'data-block': c.block }));
  const labels = data.counties.map((c) => {
    const pts = c.rings.reduce((best, r) => (r.length > best.length ? r : best), []).map(at);
    const cx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
    const cy = pts.reduce((s, p) => s + p[1], 0) / pts.length;
    const t = svg('text', { x: cx.toFixed(1), y: cy.toFixed(1), class: 'county-label' });
    t.textContent = c.name;
    return t;
  });
  const map = svg('svg', { viewBox: `0 0 ${WIDTH} ${height.toFixed(0)}`, class: 'home-map', role: 'img',
    'aria-label': `${data.city}县区地图（按${m.label}着色）` },
  svg('g', {}, shapes), svg('g', { class: 'outlines' }, outlines), svg('g', { class: 'labels' }, labels));
  const legend = h('div', { class: 'map-legend' },
    h('div', {}, h('b', {}, `${m.label}`), h('ul', { class: 'plain legend-steps' }, SHADES.map((colour, i) => h('li', {},
      h('span', { class: 'swatch', style: `background:${colour}` }),
      i === 0 ? `≤ ${m.fmt(steps[0])}` : `${m.fmt(steps[i - 1])} – ${m.fmt(steps[i])}`)))),
    h('div', {}, h('b', {}, '板块'), h('ul', { class: 'plain legend-blocks' }, data.blocks.map((b) => h('li', {},
      h('span', { class: 'swatch outline', style: `border-color:${blockColour[b]}` }),
      h('a', { href: hrefs.block(b) }, `${b}板块`))))));
  return h('div', { class: 'map-wrap' }, map, legend);
}

export async function render(root, route) {
  const data = await api('map');
  let measure = route.params && route.params.get && route.params.get('by') === 'investment' ? 'investment' : 'projects';
  const holder = h('div', {});
  const buttons = Object.entries(MEASURES).map(([key, m]) => h('button', {
    type: 'button', class: 'toggle', 'data-measure': key, 'aria-pressed': String(key === measure),
    onclick: () => { measure = key; redraw(); } }, `按${m.label}`));
  function redraw() {
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.measure === measure));
    holder.replaceChildren(draw(data, measure));
  }
  root.append(h('h1', {}, `${data.city}县区地图`),
    section('着色', h('div', { class: 'toggles' }, buttons), holder,
      h('p', { class: 'muted small' }, `县界：${data.source || '公开县界数据'}。点击县区查看其项目、邻县与合作对象。`)));
  redraw();
}
