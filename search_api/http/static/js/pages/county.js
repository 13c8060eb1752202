// 县区: the list of counties by block, and one county: its block, the tasks
// that name it, its projects and partners with their reason paths.

import { api, lists, seg } from '../api.js';
import { exportLinks } from '../write.js';
import {
  h, badge, hrefs, fmtScore, fmtWan, section, empty, pathView, nodeHref, LABELS, PARTNER_REASONS,
} from '../dom.js';

const ROWS_SHOWN = 15;

/** A table of projects, biggest investment first (shared with the block page); long lists fold. */
export function projectTable(projects, { showCounty = false, tasks = [] } = {}) {
  if (!projects.length) return empty('没有项目。');
  const sorted = [...projects].sort((a, b) => (b.investment_wan || 0) - (a.investment_wan || 0));
  const rows = sorted.map((p, i) => h('tr', { class: i >= ROWS_SHOWN ? 'folded' : null },
    h('td', {}, h('a', { href: hrefs.project(p.id) }, p.name)),
    showCounty ? h('td', { class: 'nowrap' }, (p.counties && p.counties.length ? p.counties : [p.county]).filter(Boolean).join('、')) : null,
    h('td', {}, p.task ? h('span', { title: p.task.title },
      `${tasks.find((t) => t.id === p.task.id)?.ordinal || `${p.task.number}.`} ${p.task.title}`) : '—'),
    h('td', { class: 'num' }, p.investment_wan === null || p.investment_wan === undefined ? '—' : fmtWan(p.investment_wan).split('（')[0]),
    h('td', { class: 'nowrap' }, p.years || '—'),
    h('td', {}, (p.industries || []).join('、') || '—')));
  const table = h('table', { class: 'projects' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, '项目'), showCounty ? h('th', { scope: 'col' }, '县区') : null,
      h('th', { scope: 'col' }, '重点任务'), h('th', { scope: 'col', class: 'num' }, '总投资'),
      h('th', { scope: 'col' }, '建设年限'), h('th', { scope: 'col' }, '产业'))),
    h('tbody', {}, rows));
  const wrap = h('div', { class: 'table-wrap' }, table);
  if (sorted.length > ROWS_SHOWN) {
    table.classList.add('is-folded');
    const more = h('button', { type: 'button', class: 'more-button' }, `显示全部 ${sorted.length} 个项目`);
    more.addEventListener('click', () => { table.classList.remove('is-folded'); more.remove(); });
    wrap.append(more);
  }
  return wrap;
}

/** Tasks that name a place, with their ordinals (（八）) from the task list. */
export async function tasksList(tasks) {
  if (!tasks.length) return empty('政策文件的重点任务中没有点名。');
  const all = await lists.tasks();
  return h('ul', { class: 'plain tasks' }, tasks.map((t) => {
    const full = all.find((x) => x.id === t.id);
    return h('li', {}, badge(full && full.ordinal ? full.ordinal : `（${t.number}）`, 'task'), ' ',
      h('a', { href: hrefs.search({ q: t.title, task: t.number }) }, t.title),
      full ? h('span', { class: 'muted small' }, ` · ${full.projects.length} 个项目`) : null);
  }));
}

/** Counties sharing a border (from public county boundaries), each linked to its page. */
function neighboursList(names) {
  if (!names.length) return empty('没有邻县数据。');
  return h('ul', { class: 'plain inline neighbours' }, names.map((n) => h('li', {}, h('a', { href: hrefs.county(n) }, n))));
}

function partnersView(partners) {
  if (!partners.length) return empty('没有找到合作对象。');
  return h('ol', { class: 'partners' }, partners.map((p, i) => {
    const components = Object.entries(p.components || {}).sort((a, b) => b[1] - a[1]);
    const reasons = p.reasons || [];
    return h('li', { class: 'partner' },
      h('div', { class: 'partner-head' },
        h('a', { href: nodeHref(p), class: 'partner-name' }, p.name),
        badge(LABELS[p.label] || p.label, 'muted'),
        h('span', { class: 'score' }, `得分 ${fmtScore(p.score, 2)}`)),
      h('div', { class: 'badges' }, components.map(([k, v]) =>
        badge(`${PARTNER_REASONS[k] || k} ${fmtScore(v, 2)}`, 'reason'))),
      reasons.length ? h('details', { open: i === 0 },
        h('summary', {}, `理由路径（${reasons.length} 条）`),
        h('ul', { class: 'plain reasons' }, reasons.map((r) =>
          h('li', {}, h('span', { class: 'reason-kind' }, PARTNER_REASONS[r.kind] || r.kind), pathView(r.steps))))) : null);
  }));
}

async function index(root) {
  const [counties, blocks] = await Promise.all([lists.counties(), lists.blocks()]);
  root.append(h('h1', {}, '县区'));
  const groups = [...blocks, null];
  for (const block of groups) {
    const members = counties.filter((c) => (block ? c.block === block : !c.block));
    if (!members.length) continue;
    root.append(section(block ? `${block}板块` : '其他',
      h('ul', { class: 'tiles' }, members.map((c) => h('li', {},
        h('a', { class: 'tile', href: hrefs.county(c.name) },
          h('b', {}, c.name), h('span', { class: 'muted' }, `${c.projects} 个项目`)))))));
  }
}

export async function render(root, { arg }) {
  if (!arg) return index(root);
  const c = await api(`counties/${seg(arg)}`);
  document.title = `${c.name} · PlanAtlas`;
  root.append(
    h('div', { class: 'page-head' },
      h('p', { class: 'crumbs' }, h('a', { href: '#/county' }, '县区'), ` / ${c.name}`),
      h('h1', {}, c.name),
      h('div', { class: 'badges' },
        c.block ? badge(`${c.block}板块`, 'block', hrefs.block(c.block)) : null,
        c.code ? badge(`区划代码 ${c.code}`, 'muted') : null,
        c.home === false ? badge(`${c.province || ''}${c.city || ''}（外市）`, 'warn') : null,
        badge(`${c.projects.length} 个项目`, 'muted'),
        h('a', { class: 'graph-link', href: hrefs.graph(c.id) }, '在图谱中查看 →'))),
    h('div', { class: 'columns' },
      h('div', {},
        section('相邻县区', neighboursList(c.neighbours || [])),
        section('点名该县区的重点任务', await tasksList(c.tasks_naming_it || [])),
        section(`项目（${c.projects.length}）`, exportLinks('projects', { county: c.name }),
          projectTable(c.projects, { tasks: await lists.tasks() }))),
      h('div', {}, section('合作对象', h('p', { class: 'muted small' },
        '按产业链上下游、同链环节、相同任务、同板块、相似项目等打分；每条理由都是图谱中的一条真实路径。'),
      partnersView(c.partners || [])))));
}
