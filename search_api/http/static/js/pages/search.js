// 搜索: one box, filters, results with badges and the reason for each hit.

import { api, lists, chainName } from '../api.js';
import { h, badge, hrefs, fmtScore, empty, highlight, LABELS } from '../dom.js';
import { exportLinks } from '../write.js';

const FILTERS = ['county', 'block', 'task', 'industry', 'chain'];

function select(name, label, options, value) {
  const el = h('select', { name, id: `f-${name}`, 'aria-label': label },
    h('option', { value: '' }, `全部${label}`));
  for (const opt of options) {
    if (opt.group) {
      const group = h('optgroup', { label: opt.group });
      for (const o of opt.options) group.appendChild(h('option', { value: o.value, selected: o.value === value }, o.text));
      el.appendChild(group);
    } else {
      el.appendChild(h('option', { value: opt.value, selected: opt.value === value }, opt.text));
    }
  }
  return h('label', { class: 'filter' }, h('span', {}, label), el);
}

async function filterControls(params) {
  const [counties, blocks, tasks, chains] = await Promise.all(
    [lists.counties(), lists.blocks(), lists.tasks(), lists.chains()]);
  let industries = [];
  try { industries = await lists.industries(); } catch { /* the filter stays free of options */ }
  const countyGroups = blocks.map((b) => ({
    group: `${b}板块`,
    options: counties.filter((c) => c.block === b).map((c) => ({ value: c.name, text: c.name })),
  }));
  const loose = counties.filter((c) => !c.block).map((c) => ({ value: c.name, text: c.name }));
  return h('div', { class: 'filters' },
    select('county', '县区', [...countyGroups, ...loose], params.get('county') || ''),
    select('block', '板块', blocks.map((b) => ({ value: b, text: b })), params.get('block') || ''),
    select('task', '重点任务', tasks.map((t) => ({ value: String(t.number), text: `${t.ordinal || t.number} ${t.title}` })),
      params.get('task') || ''),
    select('industry', '产业', industries.map((i) => ({ value: i, text: i })), params.get('industry') || ''),
    select('chain', '产业链', chains.map((c) => ({ value: c.id, text: c.name })), params.get('chain') || ''));
}

function whyView(why, chainNames, taskLabel, compact) {
  const parts = [];
  if (why.matched_terms && why.matched_terms.length) {
    const terms = compact ? why.matched_terms.slice(0, 6) : why.matched_terms;
    parts.push(h('span', { class: 'why-item' }, h('b', {}, compact ? '共同词 ' : '匹配词 '),
      terms.map((t) => h('mark', { class: 'term' }, t)),
      terms.length < why.matched_terms.length ? `等 ${why.matched_terms.length} 个` : null));
  }
  const shared = why.shared || {};
  const names = { county: '同县区', block: '同板块', chain: '同产业链', task: '同重点任务', river: '同河流', industry: '同产业' };
  for (const [key, label] of Object.entries(names)) {
    let value = shared[key];
    if (value === null || value === undefined || (Array.isArray(value) && !value.length)) continue;
    if (key === 'chain') value = value.map((id) => chainNames[id] || id);
    if (key === 'task') value = [taskLabel(value)];
    parts.push(h('span', { class: 'why-item' }, h('b', {}, `${label} `), [].concat(value).join('、')));
  }
  if (why.vector_score !== null && why.vector_score !== undefined) {
    parts.push(h('span', { class: 'why-item' }, h('b', {}, '向量相似度 '), fmtScore(why.vector_score)));
  }
  if (compact) return h('div', { class: 'why' }, parts);
  if (why.bm25_score) parts.push(h('span', { class: 'why-item' }, h('b', {}, 'BM25 '), fmtScore(why.bm25_score, 2)));
  const ranks = why.ranks || {};
  if (Object.keys(ranks).length) {
    parts.push(h('span', { class: 'why-item muted' },
      Object.entries(ranks).map(([k, v]) => `${k === 'vector' ? '语义' : '关键词'}第 ${v} 名`).join(' · ')));
  }
  return h('div', { class: 'why' }, h('span', { class: 'why-title' }, '命中原因'), parts);
}

/**
 * One hit as a card; shared by the search page and (compact) the project
 * page's similar list.
 */
export async function hitCard(hit, { extra = null, compact = false, county = '' } = {}) {
  const chains = await lists.chains();
  const tasks = await lists.tasks();
  const chainNames = Object.fromEntries(chains.map((c) => [c.id, c.name]));
  const taskLabel = (n) => {
    const t = tasks.find((x) => x.number === n);
    return t ? `${t.ordinal || n} ${t.title}` : `任务 ${n}`;
  };
  const terms = (hit.why && hit.why.matched_terms) || [];
  return h('li', { class: 'result card', dataset: { id: hit.id } },
    h('div', { class: 'result-head' },
      h('a', { class: 'result-name', href: hrefs.project(hit.id) }, compact ? hit.name : highlight(hit.name, terms)),
      h('span', { class: 'score', title: '融合得分 (RRF)' }, `得分 ${fmtScore(hit.score, 4)}`)),
    h('div', { class: 'badges' },
      hit.county ? badge(hit.county, 'county', hrefs.county(hit.county), LABELS.County) : null,
      // A project shared by several counties: name the others too.
      (hit.counties || []).filter((c) => c !== hit.county)
        .map((c) => badge(`亦位于 ${c}`, 'county-also', hrefs.county(c), '项目同时位于该县区')),
      hit.block ? badge(`${hit.block}板块`, 'block', hrefs.block(hit.block), LABELS.Block) : null,
      hit.task ? badge(taskLabel(hit.task), 'task', hrefs.search({ q: taskLabel(hit.task).replace(/^\S+\s/, ''), task: hit.task }), LABELS.Task) : null,
      (hit.chains || []).map((id) => badge(chainNames[id] || id, 'chain', hrefs.chain(id), LABELS.IndustrialChain)),
      extra),
    hit.why ? whyView(hit.why, chainNames, taskLabel, compact) : null);
}

async function showResults(box, params) {
  const q = (params.get('q') || '').trim();
  if (!q) {
    const tasks = await lists.tasks();
    box.append(h('div', { class: 'card intro' },
      h('p', {}, '输入项目名称、建设内容或关键词，例如县区与产业的组合；可按县区、板块、重点任务、产业或产业链筛选。'),
      h('p', { class: 'muted' }, '按重点任务浏览：'),
      h('div', { class: 'badges' }, tasks.map((t) => badge(`${t.ordinal || t.number} ${t.title}`, 'task',
        hrefs.search({ q: t.title, task: t.number }))))));
    return;
  }
  const query = { q, k: params.get('k') || 20, mode: params.get('mode') || 'hybrid' };
  for (const f of FILTERS) query[f] = params.get(f) || '';
  box.append(h('p', { class: 'muted' }, '搜索中…'));
  const result = await api('search', query);
  box.replaceChildren();
  const active = FILTERS.filter((f) => query[f]);
  const filterText = await Promise.all(active.map(async (f) => (f === 'chain' ? chainName(query[f]) : query[f])));
  box.append(h('p', { class: 'summary' }, `“${q}” 共 ${result.count} 条结果`,
    active.length ? `（筛选：${filterText.join('、')}）` : '', ' ', exportLinks('search', query)));
  if (!result.count) {
    box.append(empty('没有找到符合条件的项目，试试去掉筛选条件或换个说法。'));
    return;
  }
  const list = h('ol', { class: 'results' });
  for (const hit of result.data) list.appendChild(await hitCard(hit, { county: query.county }));
  box.append(list);
}

export async function render(root, { params }) {
  const input = h('input', { type: 'search', name: 'q', id: 'q', value: params.get('q') || '',
    placeholder: '搜索项目，如：县区 + 抽水蓄能、氢能重卡、冷链物流…', autocomplete: 'off', 'aria-label': '搜索词' });
  const mode = h('select', { name: 'mode', 'aria-label': '检索方式' },
    [['hybrid', '混合检索'], ['vector', '语义检索'], ['bm25', '关键词检索']].map(([v, t]) =>
      h('option', { value: v, selected: (params.get('mode') || 'hybrid') === v }, t)));
  const form = h('form', { class: 'search-form card', role: 'search' },
    h('div', { class: 'search-row' }, input, mode, h('button', { type: 'submit', class: 'primary' }, '搜索')),
    await filterControls(params));
  const results = h('div', { id: 'results', 'aria-live': 'polite' });

  const submit = () => {
    const next = new URLSearchParams();
    if (input.value.trim()) next.set('q', input.value.trim());
    if (mode.value !== 'hybrid') next.set('mode', mode.value);
    for (const f of FILTERS) {
      const value = form.querySelector(`[name=${f}]`).value;
      if (value) next.set(f, value);
    }
    const target = `#/search?${next}`;
    if (location.hash === target) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else location.hash = target;
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); submit(); });
  form.addEventListener('change', (e) => { if (e.target !== input && input.value.trim()) submit(); });

  root.append(h('h1', {}, '搜索项目'), form, results);
  if (!params.get('q')) input.focus();
  await showResults(results, params);
}
