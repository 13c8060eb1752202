// Building DOM safely: every string from the API goes in as text
// (createElement / textContent), never as HTML.

/**
 * h('a', {href: '#/x', class: 'badge', onclick: fn}, 'text', child, [more])
 * Attributes starting with "on" become listeners; `dataset` sets data-*;
 * null, undefined and false children are skipped; strings become text nodes.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'disabled') {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// ---- labels -------------------------------------------------------------

export const LABELS = {
  Project: '项目', County: '县区', Block: '板块', Task: '重点任务', Measure: '保障措施',
  IndustrialChain: '产业链', ChainLink: '产业链环节', Industry: '产业', Enterprise: '企业',
  DevelopmentZone: '开发区', Park: '园区', UrbanArea: '城市片区', River: '河流', Mountain: '山脉',
  Region: '城市/区域', PolicyDocument: '文件', Section: '章节', Township: '乡镇', Landmark: '景区/地标',
};

export const RELATIONS = {
  HAS_SECTION: '包含章节', HAS_TASK: '包含任务', HAS_MEASURE: '包含措施', MENTIONS: '提及',
  LOCATED_IN: '位于', MEMBER_OF: '成员', PARTNER_OF: '合作', IN_INDUSTRY: '属于产业',
  PART_OF_CHAIN: '属于产业链', UPSTREAM_OF: '上游', SERVES_TASK: '服务任务',
  FLOWS_THROUGH: '流经', TRIBUTARY_OF: '支流', SIMILAR_TO: '相似', ADJACENT_TO: '相邻',
};

export const TASK_SOURCES = { table: '项目表', 'policy-text': '政策原文', inferred: '语义推断' };
// where a project's place came from (place_source): its own cells, or its document
export const PLACE_SOURCES = {
  'row cell': '本行县区列', name: '项目名称', content: '建设内容', owner: '责任单位', sentence: '所在句子',
  'title rows': '清单标题（由文档推定）', 'sheet name': '工作表名（由文档推定）', 'file name': '文件名（由文档推定）',
  folder: '文件夹（由文档推定）', 'document title': '文档标题（由文档推定）', 'section heading': '章节标题（由文档推定）',
  'document lead': '文档导语（由文档推定）', 'enterprise in document': '同清单企业所在县（推断）',
  'home city (row names no place)': '未写地点，归入本市', 'home city (text names no place)': '未写地点，归入本市',
};

export const PARTNER_REASONS = {
  complementary_chain: '产业链上下游互补', shared_chain: '同一产业链环节', shared_river: '同一河流',
  shared_task: '服务相同重点任务', same_block: '同一板块', similar_projects: '相似项目',
  declared_partner: '政策明确的合作城市', pagerank: '图谱邻近度', adjacent: '相邻',
  city_partner: '所在城市的合作城市', shared_enterprise: '同一企业参与',
};

export const ENTERPRISE_ROLES = { owner: '业主', signing_party: '签约方', chain_leader: '链主' };

// ---- formatting ---------------------------------------------------------

export function fmtNumber(n, digits = 0) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) return '—';
  return Number(n).toLocaleString('zh-CN', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** 860000 → "860,000 万元（86 亿元）" */
export function fmtWan(wan) {
  if (wan === null || wan === undefined) return '未填报';
  const text = `${fmtNumber(wan, wan % 1 ? 2 : 0)} 万元`;
  return wan >= 10000 ? `${text}（${fmtNumber(wan / 10000, 2).replace(/\.?0+$/, '')} 亿元）` : text;
}

export function fmtScore(x, digits = 3) {
  return x === null || x === undefined ? '—' : Number(x).toFixed(digits);
}

/** Duplicate-detector conflict messages (English, from the API) in Chinese. */
export function fmtConflict(text) {
  const prefixes = [
    ['names different counties: ', '名称指向不同县区：'],
    ['located in different blocks: ', '位于不同板块：'],
    ['names different rivers: ', '名称指向不同河流：'],
    ['different phases: ', '期次不同：'],
    ['different sizes: ', '规模不同：'],
    ['different kinds: ', '类型不同：'],
  ];
  for (const [en, zh] of prefixes) if (text.startsWith(en)) return zh + text.slice(en.length);
  return text;
}

// ---- links --------------------------------------------------------------

export const hrefs = {
  project: (id) => `#/project/${encodeURIComponent(id)}`,
  county: (name) => `#/county/${encodeURIComponent(name)}`,
  block: (name) => `#/block/${encodeURIComponent(name)}`,
  chain: (id, county) => `#/chain/${encodeURIComponent(id)}${county ? `?county=${encodeURIComponent(county)}` : ''}`,
  graph: (id, depth = 1) => `#/graph?id=${encodeURIComponent(id)}&depth=${depth}`,
  search: (params) => `#/search?${new URLSearchParams(params)}`,
};

/** The page for a graph node, by label; the graph view for the rest. */
export function nodeHref(node) {
  switch (node.label) {
    case 'Project': return hrefs.project(node.id);
    case 'County': return hrefs.county(node.name);
    case 'Block': return hrefs.block(node.name);
    case 'IndustrialChain': return hrefs.chain(node.id);
    default: return hrefs.graph(node.id);
  }
}

export function link(href, text, attrs = {}) {
  return h('a', { href, ...attrs }, text);
}

// ---- small components ---------------------------------------------------

/** kind: county | block | task | chain | industry | link | warn | gap | muted */
export function badge(text, kind = 'muted', href = null, title = null) {
  const cls = `badge badge-${kind}`;
  return href ? h('a', { class: cls, href, title }, text) : h('span', { class: cls, title }, text);
}

export function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', {}, title), ...children);
}

export function empty(text) {
  return h('p', { class: 'muted empty' }, text);
}

export function errorBox(err) {
  return h('div', { class: 'error', role: 'alert' }, `出错了：${err.message || err}`);
}

/**
 * A reason path from the API (`steps`: node, {rel, dir}, node, …) as chips
 * and arrows: 吉县 ←位于— 吉县抽水蓄能电站项目 —属于产业链→ 储能 …
 */
export function pathView(steps) {
  const el = h('div', { class: 'path' });
  for (const step of steps || []) {
    if (step.rel) {
      const name = RELATIONS[step.rel] || step.rel;
      const text = step.dir === '<-' ? `←${name}—` : `—${name}→`;
      el.appendChild(h('span', { class: 'path-rel', title: step.rel }, text));
    } else {
      el.appendChild(h('a', { class: `path-node label-${step.label}`, href: nodeHref(step),
        title: LABELS[step.label] || step.label }, step.name || step.id));
    }
  }
  return el;
}

/** A path given only as text ("运城市 <-LOCATED_IN- 大运汽车 -PART_OF_CHAIN-> 氢能重卡整车"). */
export function pathTextView(text) {
  const el = h('div', { class: 'path' });
  const parts = String(text || '').split(/\s(<-[A-Z_]+-|-[A-Z_]+->)\s/);
  parts.forEach((part, i) => {
    if (i % 2 === 0) {
      el.appendChild(h('span', { class: 'path-node' }, part));
    } else {
      const rel = part.replace(/^<?-|->?$/g, '');
      const name = RELATIONS[rel] || rel;
      el.appendChild(h('span', { class: 'path-rel', title: rel }, part.startsWith('<') ? `←${name}—` : `—${name}→`));
    }
  });
  return el;
}

/** Text with every occurrence of `needles` wrapped in <mark> (still text only). */
export function highlight(text, needles) {
  const el = h('span');
  const terms = [...new Set((needles || []).filter((t) => t && t.length > 1))].sort((a, b) => b.length - a.length);
  if (!text || !terms.length) return append(el, [text || '']);
  let rest = text;
  while (rest) {
    let best = -1; let term = '';
    for (const t of terms) {
      const i = rest.indexOf(t);
      if (i >= 0 && (best < 0 || i < best)) { best = i; term = t; }
    }
    if (best < 0) { el.appendChild(document.createTextNode(rest)); break; }
    if (best > 0) el.appendChild(document.createTextNode(rest.slice(0, best)));
    el.appendChild(h('mark', {}, term));
    rest = rest.slice(best + term.length);
  }
  return el;
}

export function definitionList(rows) {
  const dl = h('dl', { class: 'facts' });
  for (const [term, value] of rows) {
    if (value === null || value === undefined) continue;
    dl.append(h('dt', {}, term), h('dd', {}, value));
  }
  return dl;
}
