// 板块: members, lead rotation and this year's lead, joint project
// candidates across member counties, tasks naming the block, projects.

import { api, lists, seg } from '../api.js';
import { h, badge, hrefs, section, empty } from '../dom.js';
import { projectTable, tasksList } from './county.js';
import { exportLinks } from '../write.js';

async function index(root) {
  const [counties, blocks] = await Promise.all([lists.counties(), lists.blocks()]);
  root.append(h('h1', {}, '板块'));
  root.append(h('ul', { class: 'tiles wide' }, blocks.map((b) => {
    const members = counties.filter((c) => c.block === b);
    return h('li', {}, h('a', { class: 'tile', href: hrefs.block(b) },
      h('b', {}, `${b}板块`),
      h('span', { class: 'muted' }, `${members.length} 个县区 · ${members.reduce((n, c) => n + c.projects, 0)} 个项目`),
      h('span', { class: 'small' }, members.map((c) => c.name).join('、'))));
  })));
}

function rotationView(b) {
  return h('ol', { class: 'rotation' }, b.lead_rotation.map((name, i) => h('li', {
    class: name === b.lead_this_year ? 'lead' : null,
    title: name === b.lead_this_year ? `${b.year} 年牵头` : null,
  }, h('span', { class: 'rot-n' }, String(i + 1)), h('a', { href: hrefs.county(name) }, name),
  name === b.lead_this_year ? h('span', { class: 'rot-tag' }, `${b.year}年牵头`) : null)));
}

function jointView(candidates) {
  if (!candidates.length) return empty('没有跨县区的联合项目候选。');
  return h('ol', { class: 'joint' }, candidates.map((j) => h('li', { class: 'joint-item' },
    h('div', { class: 'joint-head' },
      h('b', {}, `${j.counties.length} 个县区：`), j.counties.map((c) => badge(c, 'county', hrefs.county(c))),
      j.shared_industries.map((i) => badge(`共同产业 ${i}`, 'industry')),
      j.shared_links.map((l) => badge(`共同环节 ${l}`, 'link'))),
    h('ul', { class: 'plain joint-projects' }, j.projects.map((p) => h('li', {},
      h('a', { href: hrefs.project(p.id) }, p.name), h('span', { class: 'muted' }, ` · ${p.county || '县区未知'}`)))))));
}

export async function render(root, { arg }) {
  if (!arg) return index(root);
  const b = await api(`blocks/${seg(arg)}`);
  document.title = `${b.full_name || b.name} · PlanAtlas`;
  root.append(
    h('div', { class: 'page-head' },
      h('p', { class: 'crumbs' }, h('a', { href: '#/block' }, '板块'), ` / ${b.name}`),
      h('h1', {}, b.full_name || `${b.name}板块`),
      b.theme ? h('p', { class: 'lead' }, `发展方向：${b.theme}`) : null,
      h('div', { class: 'badges' },
        badge(`${b.members.length} 个成员县区`, 'muted'),
        b.lead_this_year ? badge(`${b.year} 年牵头：${b.lead_this_year}`, 'block', hrefs.county(b.lead_this_year)) : null,
        h('a', { class: 'graph-link', href: hrefs.graph(b.id) }, '在图谱中查看 →'))),
    h('div', { class: 'columns' },
      h('div', {},
        section('成员县区', h('ul', { class: 'badges members' }, b.members.map((m) => h('li', {}, badge(m, 'county', hrefs.county(m)))))),
        section('牵头轮值顺序', rotationView(b)),
        section('点名该板块的重点任务', await tasksList(b.tasks_naming_it || []))),
      h('div', {},
        section(`联合项目候选（${b.joint_project_candidates.length}）`,
          h('p', { class: 'muted small' }, '成员县区之间内容相近、同属一个产业或产业链环节的项目，可考虑联合谋划。'),
          jointView(b.joint_project_candidates)))),
    section(`板块内项目（${b.projects.length}）`, exportLinks('projects', { block: b.name }), projectTable(b.projects, { showCounty: true, tasks: await lists.tasks() })));
}
