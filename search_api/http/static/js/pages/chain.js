// 产业链: the chain drawn upstream → downstream (links in order, with their
// enterprises and projects), links without a project marked as 缺口, gaps,
// partners, and a county's opportunities with their paths.

import { api, lists, seg } from '../api.js';
import { h, badge, hrefs, section, empty, pathView, pathTextView, nodeHref, ENTERPRISE_ROLES } from '../dom.js';
import { cytoscape, FONT, expose, short } from '../cy.js';
import { exportLinks } from '../write.js';

const MAX_PROJECTS_DRAWN = 6;

async function index(root) {
  const chains = await lists.chains();
  root.append(h('h1', {}, '产业链'),
    h('ul', { class: 'tiles wide' }, chains.map((c) => h('li', {},
      h('a', { class: 'tile', href: hrefs.chain(c.id) },
        h('span', { class: 'tile-title' }, h('b', {}, c.name), c.sample ? badge('示例数据', 'muted') : null),
        h('span', { class: 'small chain-seq' }, c.links.join(' → ')))))));
}

function elementsOf(chain, opportunity) {
  const elements = [];
  const ownCounty = opportunity ? opportunity.county : null;
  const oppLinks = new Set(opportunity ? opportunity.items.map((o) => o.link) : []);
  const holders = new Set(opportunity ? opportunity.items.map((o) => `${o.link}|${o.next_to}`) : []);
  for (const link of chain.links) {
    const classes = ['link'];
    if (link.gap) classes.push('gap');
    if (oppLinks.has(link.name)) classes.push('opportunity');
    const count = link.projects.length;
    elements.push({ group: 'nodes', classes: classes.join(' '), data: {
      id: link.id, name: link.name, kind: 'link', gap: link.gap,
      text: `${link.order}. ${link.name}\n${link.gap ? '缺口 · 无项目' : `${count} 个项目`}${oppLinks.has(link.name) ? ' · 补链机会' : ''}`,
    } });
    link.projects.slice(0, MAX_PROJECTS_DRAWN).forEach((p, j) => {
      const own = ownCounty && (p.counties || [p.county]).includes(ownCounty);
      const pid = `${link.id}|${p.id}`;
      const place = (p.counties && p.counties[0]) || p.county || '';
      const label = !place || p.name.startsWith(place) ? p.name : `${place}｜${p.name}`;
      elements.push({ group: 'nodes', classes: ['project', own ? 'own' : '', holders.has(`${link.name}|${p.name}`) ? 'holder' : ''].join(' ').trim(),
        data: { id: pid, ref: p.id, name: p.name, kind: 'project', link: link.id, slot: j, text: short(label, 15) } });
      elements.push({ group: 'edges', classes: 'member', data: { id: `m|${pid}`, source: link.id, target: pid } });
    });
    if (count > MAX_PROJECTS_DRAWN) {
      const more = `${link.id}|more`;
      elements.push({ group: 'nodes', classes: 'more', data: { id: more, kind: 'more', link: link.id,
        slot: MAX_PROJECTS_DRAWN, text: `另有 ${count - MAX_PROJECTS_DRAWN} 个项目…` } });
      elements.push({ group: 'edges', classes: 'member', data: { id: `m|${more}`, source: link.id, target: more } });
    }
    link.enterprises.forEach((e, k) => {
      const eid = `${link.id}|${e.id}`;
      elements.push({ group: 'nodes', classes: 'enterprise', data: { id: eid, ref: e.id, name: e.name, kind: 'enterprise',
        link: link.id, slot: k, text: `${e.name}${e.located.length ? `\n${e.located.join('、')}` : ''}` } });
      elements.push({ group: 'edges', classes: 'member', data: { id: `m|${eid}`, source: eid, target: link.id } });
    });
  }
  for (const partner of chain.partners || []) {
    for (const via of partner.via) {
      const link = chain.links.find((l) => l.name === via.link);
      const enterprise = link && link.enterprises.find((e) => e.name === via.enterprise);
      if (!enterprise) continue;
      const source = `${link.id}|${enterprise.id}`;
      const pid = `${source}|${partner.id}`;
      elements.push({ group: 'nodes', classes: 'partner', data: { id: pid, ref: partner.id, name: partner.name,
        kind: 'partner', above: source, text: `合作伙伴 ${partner.name}` } });
      elements.push({ group: 'edges', classes: 'partner-edge', data: { id: `p|${pid}`, source: pid, target: source, text: `经 ${via.enterprise}` } });
    }
  }
  for (const edge of chain.edges) {
    elements.push({ group: 'edges', classes: 'flow', data: { id: `f|${edge.from}|${edge.to}`, source: edge.from, target: edge.to } });
  }
  return elements;
}

const STYLE = [
  { selector: 'node', style: { label: 'data(text)', 'font-family': FONT, 'text-wrap': 'wrap', 'text-valign': 'center',
    'text-halign': 'center', color: '#1d2430', 'border-width': 1 } },
  { selector: 'node.link', style: { shape: 'round-rectangle', width: 150, height: 58, 'font-size': 14, 'font-weight': 600,
    'background-color': '#efe7fa', 'border-color': '#7b4fb5', 'border-width': 2, 'text-max-width': 140 } },
  { selector: 'node.link.gap', style: { 'background-color': '#fff1f1', 'border-color': '#c62828', 'border-style': 'dashed',
    'border-width': 3, color: '#b71c1c' } },
  { selector: 'node.link.opportunity', style: { 'underlay-color': '#2e9d5b', 'underlay-opacity': 0.35, 'underlay-padding': 8 } },
  { selector: 'node.project', style: { shape: 'round-rectangle', width: 180, height: 26, 'font-size': 11,
    'background-color': '#f3f7fc', 'border-color': '#9db7d8', 'text-max-width': 164 } },
  { selector: 'node.project.own', style: { 'background-color': '#ffe9c7', 'border-color': '#c77a1a', 'border-width': 2 } },
  { selector: 'node.project.holder', style: { 'border-color': '#2e9d5b', 'border-width': 2 } },
  { selector: 'node.more', style: { shape: 'round-rectangle', width: 170, height: 22, 'font-size': 11, color: '#69707d',
    'background-color': '#ffffff', 'border-color': '#d5d9e0', 'border-style': 'dotted' } },
  { selector: 'node.enterprise', style: { shape: 'round-rectangle', width: 150, height: 40, 'font-size': 11,
    'background-color': '#fde8ec', 'border-color': '#b8435b', 'text-max-width': 144 } },
  { selector: 'node.partner', style: { shape: 'tag', width: 150, height: 30, 'font-size': 12, 'font-weight': 600,
    'background-color': '#8c2f44', 'border-color': '#8c2f44', color: '#ffffff' } },
  { selector: 'edge', style: { width: 1, 'line-color': '#c7ccd4', 'curve-style': 'straight' } },
  { selector: 'edge.partner-edge', style: { width: 2, 'line-color': '#8c2f44', 'line-style': 'dashed' } },
  { selector: 'edge.flow', style: { width: 3, 'line-color': '#7b4fb5', 'target-arrow-color': '#7b4fb5',
    'target-arrow-shape': 'triangle', 'curve-style': 'bezier', 'arrow-scale': 1.2 } },
  { selector: 'node:active, node:selected', style: { 'overlay-opacity': 0.08 } },
];

/** Spine (links) by dagre left to right; projects stacked below, enterprises above. */
function draw(container, chain, opportunity, onOpen) {
  const cy = cytoscape({ container, elements: elementsOf(chain, opportunity), style: STYLE,
    minZoom: 0.3, maxZoom: 1.25, autoungrabify: true });
  const spine = cy.nodes('.link').union(cy.edges('.flow'));
  const layout = spine.layout({ name: 'dagre', rankDir: 'LR', rankSep: 50, nodeSep: 40, fit: false, animate: false });
  layout.run();
  cy.nodes('.link').forEach((link) => {
    const { x, y } = link.position();
    cy.nodes(`[link = "${link.id()}"]`).forEach((n) => {
      const slot = n.data('slot');
      if (n.hasClass('enterprise')) n.position({ x, y: y - 78 - slot * 50 });
      else n.position({ x, y: y + 62 + slot * 32 });
    });
  });
  cy.nodes('.partner').forEach((n) => {
    const below = cy.getElementById(n.data('above')).position();
    n.position({ x: below.x, y: below.y - 58 });
  });
  cy.fit(undefined, 24);
  cy.on('tap', 'node', (evt) => onOpen(evt.target));
  const tip = container.parentElement.querySelector('.cy-tip');
  cy.on('mouseover', 'node', (evt) => {
    const name = evt.target.data('name');
    if (tip && name) { tip.textContent = name; tip.hidden = false; }
  });
  cy.on('mouseout', 'node', () => { if (tip) tip.hidden = true; });
  container.dataset.rendered = 'true';
  container.dataset.nodes = String(cy.nodes().length);
  expose('cy', cy);
  return cy;
}

function linksTable(chain, opportunity) {
  const oppLinks = new Set(opportunity ? opportunity.items.map((o) => o.link) : []);
  return h('div', { class: 'table-wrap' }, h('table', { class: 'links', id: 'chain-links' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '环节'), h('th', { scope: 'col' }, '企业'),
      h('th', { scope: 'col' }, '项目'), h('th', { scope: 'col' }, '状态'))),
    h('tbody', {}, chain.links.map((l) => h('tr', { class: l.gap ? 'gap-row' : null, dataset: { link: l.name } },
      h('th', { scope: 'row' }, `${l.order}. ${l.name}`),
      h('td', {}, l.enterprises.length ? l.enterprises.map((e) => h('div', { class: 'link-enterprise' }, e.name,
        e.located.length ? h('span', { class: 'muted' }, `（${e.located.join('、')}）`) : null,
        (e.roles || []).map((r) => h('div', { class: 'muted role' }, `${ENTERPRISE_ROLES[r.role] || r.role}：`,
          h('a', { href: hrefs.project(r.project_id) }, r.project || r.project_id))))) : '—'),
      h('td', {}, l.projects.length ? h('ul', { class: 'plain' }, l.projects.map((p) => h('li', {},
        h('a', { href: hrefs.project(p.id) }, p.name), h('span', { class: 'muted' }, ` · ${(p.counties || []).join('、') || p.county || ''}`)))) : '—'),
      h('td', {}, l.gap ? badge('缺口', 'gap') : badge('已布局', 'ok'),
        oppLinks.has(l.name) ? badge('补链机会', 'opp') : null))))));
}

function gapsView(gaps) {
  const items = [];
  items.push(h('li', { id: 'gap-links' }, h('b', {}, '无项目的环节（缺口）：'),
    gaps.links_without_projects.length ? gaps.links_without_projects.map((n) => badge(n, 'gap')) : '无'));
  for (const u of gaps.upstream_without_local_use || []) {
    items.push(h('li', {}, h('b', {}, '上游有项目、下游缺本地应用：'),
      `“${u.link}”已有 ${u.projects.length} 个项目，但下游“${u.downstream}”没有项目承接。`));
  }
  const byBlock = Object.entries(gaps.links_missing_in_block || {}).filter(([, missing]) => missing.length);
  if (byBlock.length) {
    items.push(h('li', {}, h('b', {}, '各板块缺少的环节：'), h('ul', { class: 'plain' }, byBlock.map(([block, missing]) =>
      h('li', {}, badge(`${block}板块`, 'block', hrefs.block(block)), ' ', missing.join('、'))))));
  }
  return h('ul', { class: 'plain gaps' }, items);
}

function partnersView(partners) {
  if (!partners.length) return empty('没有外部合作城市。');
  return h('ul', { class: 'plain partners-chain', id: 'chain-partners' }, partners.map((p) => h('li', {},
    h('div', {}, h('b', {}, p.name), ' 经 ', p.via.map((v) => `${v.enterprise}（${v.link}）`).join('、')),
    p.via.map((v) => pathTextView(v.path)))));
}

function opportunitiesView(opportunity) {
  if (!opportunity) return h('p', { class: 'muted' }, '选择一个县区，查看它在这条产业链上可以向上游或下游延伸的环节。');
  if (!opportunity.items.length) return empty(`${opportunity.county} 在这条产业链上暂无可延伸的环节（或尚无项目）。`);
  return h('ol', { class: 'opportunities', id: 'opportunities' }, opportunity.items.map((o) => h('li', {},
    h('div', {}, badge(o.direction === 'upstream' ? '向上游' : '向下游', 'opp'), ' ',
      h('b', {}, o.link), ` —— 本县区有“${o.because}”，相邻环节由 `, h('b', {}, o.held_by), ` 的“${o.next_to}”承担`),
    pathView(o.steps))));
}

export async function render(root, { arg, params }) {
  if (!arg) return index(root);
  const county = params.get('county') || '';
  const [chain, counties] = await Promise.all([api(`chains/${seg(arg)}`, { county }), lists.counties()]);
  document.title = `${chain.name} · PlanAtlas`;
  const opportunity = chain.opportunities || null;

  const picker = h('select', { id: 'chain-county', 'aria-label': '选择县区查看补链机会' },
    h('option', { value: '' }, '选择县区…'),
    counties.map((c) => h('option', { value: c.name, selected: opportunity && opportunity.county === c.name }, c.name)));
  picker.addEventListener('change', () => { location.hash = hrefs.chain(chain.id, picker.value); });

  const info = h('p', { class: 'muted small', id: 'chain-selection' }, '点击节点查看详情；项目节点打开项目页。');
  const container = h('div', { id: 'chain-graph', class: 'cy', role: 'img',
    'aria-label': `${chain.name}：${chain.links.map((l) => l.name + (l.gap ? '（缺口）' : '')).join(' → ')}` });
  const legend = h('div', { class: 'legend' },
    h('span', { class: 'lg lg-link' }, '产业链环节'), h('span', { class: 'lg lg-gap' }, '缺口（无项目）'),
    h('span', { class: 'lg lg-project' }, '项目'), h('span', { class: 'lg lg-enterprise' }, '企业'),
    (chain.partners || []).length ? h('span', { class: 'lg lg-partner' }, '外部合作伙伴') : null,
    opportunity ? h('span', { class: 'lg lg-own' }, `${opportunity.county}的项目`) : null,
    opportunity ? h('span', { class: 'lg lg-opp' }, '补链机会') : null,
    h('span', { class: 'muted' }, '上游 → 下游'));

  root.append(
    h('div', { class: 'page-head' },
      h('p', { class: 'crumbs' }, h('a', { href: '#/chain' }, '产业链'), ` / ${chain.name}`),
      h('h1', {}, chain.name),
      h('div', { class: 'badges' },
        chain.sample ? badge('示例产业链', 'muted', null, '由示例数据构成') : null,
        badge(`${chain.links.length} 个环节`, 'muted'),
        badge(`涉及 ${chain.counties.length} 个县区`, 'muted', null, chain.counties.join('、')),
        h('a', { class: 'graph-link', href: hrefs.graph(chain.id) }, '在图谱中查看 →'))),
    h('section', { class: 'card' },
      h('div', { class: 'card-head' }, h('h2', {}, '产业链图'), h('label', { class: 'filter inline' }, h('span', {}, '县区补链机会'), picker)),
      legend, h('div', { class: 'cy-holder' }, container, h('div', { class: 'cy-tip', hidden: true })), info),
    h('div', { class: 'columns' },
      h('div', {},
        section('缺口', exportLinks(`chains/${encodeURIComponent(chain.id)}`, { county: opportunity ? opportunity.county : '' }),
          gapsView(chain.gaps)),
        section('外部合作伙伴', partnersView(chain.partners || []))),
      h('div', {},
        section(opportunity ? `${opportunity.county}的补链机会` : '县区补链机会', opportunitiesView(opportunity)))),
    section('各环节企业与项目', linksTable(chain, opportunity)));

  const cy = draw(container, chain, opportunity, (node) => {
    const ref = node.data('ref');
    if (node.data('kind') === 'project') { location.hash = hrefs.project(ref); return; }
    if (node.data('kind') === 'enterprise' || node.data('kind') === 'partner') {
      location.hash = nodeHref({ id: ref, label: node.data('kind') === 'partner' ? 'Region' : 'Enterprise' });
      return;
    }
    if (node.data('kind') === 'link') {
      const link = chain.links.find((l) => l.id === node.id());
      info.textContent = `${link.order}. ${link.name}：${link.projects.length} 个项目，${link.enterprises.length} 家企业${link.gap ? '，缺口' : ''}`;
    }
  });
  const onResize = () => cy.resize();
  window.addEventListener('resize', onResize);
  return () => { window.removeEventListener('resize', onResize); cy.destroy(); };
}
