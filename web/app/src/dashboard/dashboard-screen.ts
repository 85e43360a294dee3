/**
 * The SLA dashboard: headline figures (SLA met %, open / at risk / breached, complaint first-time
 * resolution and callback satisfaction), per-group charts and table (process, task, city, team, handler as
 * leaderboard), duration averages and P90, the weekly trend, date range and city filters, drill-down to the
 * tasks and instances behind a figure, CSV export, live refresh over the event stream.
 */
import { download, h, mount } from '../core/dom';
import { subscribe } from '../core/http';
import type { Screen } from '../core/screen';
import { elementName, formatDateTime, t, tx } from '../i18n/i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { echarts, type Chart } from './charts';
import {
  drillDown,
  slaCsv,
  slaFigures,
  type Dashboard,
  type DashboardQuery,
  type Figure,
  type FigureRow,
} from './dashboard-api';

const HOUR = 3_600_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 10) / 10}%`);

function groupLabel(groupBy: string, row: FigureRow): string {
  if (groupBy === 'process') return tx('process', row.group);
  if (groupBy === 'city') return row.group === '-' ? '—' : tx('city', row.group);
  return row.label ?? row.group;
}

/** The drill-down's heading names the figure clicked. */
const FIGURE_NAMES: Record<Figure, MessageKey> = {
  open: 'dashboard.open',
  'at-risk': 'dashboard.atRisk',
  breached: 'dashboard.breached',
  completed: 'dashboard.completed',
  'sla-missed': 'dashboard.slaMissed',
};

export const screen: Screen = async (root, ctx) => {
  const to = new Date();
  const q: DashboardQuery = {
    from: isoDay(new Date(to.getTime() - 84 * 86_400_000)),
    to: isoDay(new Date(to.getTime() + 86_400_000)),
    groupBy: 'process',
    city: undefined,
  };
  const charts: Chart[] = [];
  const kpis = h('div', { class: 'kpis', 'data-testid': 'kpis' });
  const byGroup = h('div', { class: 'chart', 'aria-label': t('dashboard.byGroup') });
  const durations = h('div', { class: 'chart', 'aria-label': t('dashboard.durations') });
  const trend = h('div', { class: 'chart', 'aria-label': t('dashboard.trend') });
  const table = h('div', { class: 'table-wrap' });
  const drill = h(
    'section',
    { class: 'panel drill', 'data-testid': 'drill-down' },
    h('p', { class: 'muted' }, t('dashboard.drillHint')),
  );
  const updated = h('span', { class: 'muted', 'data-testid': 'updated' });
  let figures: Dashboard | null = null;

  const showDrill = async (figure: Figure, extra: Record<string, string | undefined> = {}) => {
    mount(drill, h('p', { class: 'loading' }, t('app.loading')));
    const rows = await drillDown(figure, { ...q, ...extra });
    mount(
      drill,
      h(
        'h3',
        {},
        `${t('dashboard.drill')}: ${t(FIGURE_NAMES[figure])}`,
        h('small', { class: 'muted' }, ` (${rows.length})`),
      ),
      rows.length
        ? h(
            'table',
            {},
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [t('instance.element'), t('task.process'), t('task.assignee'), t('task.due'), 'SLA', ''].map(
                  (x) => h('th', {}, x),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              rows.map((r) =>
                h(
                  'tr',
                  {},
                  h('td', {}, elementName(r as { name?: string; nameEn?: string })),
                  h('td', {}, tx('process', String(r.bpmnProcessId ?? ''))),
                  h('td', {}, String(r.assignee ?? '—')),
                  h('td', {}, formatDateTime(r.dueAt as string | null)),
                  h('td', {}, tx('sla', (r.sla as { state: string } | undefined)?.state)),
                  h(
                    'td',
                    {},
                    h(
                      'a',
                      { href: `/instances/${String(r.processInstanceKey)}`, 'data-link': true },
                      String(r.processInstanceKey),
                    ),
                  ),
                ),
              ),
            ),
          )
        : h('p', { class: 'muted' }, t('instance.empty')),
    );
  };
  const drillFor = (row: FigureRow, figure: Figure) => {
    const extra: Record<string, string | undefined> = {};
    if (q.groupBy === 'process') extra.bpmnProcessId = row.group;
    if (q.groupBy === 'task') [extra.bpmnProcessId, extra.elementId] = row.group.split('/');
    if (q.groupBy === 'city' && row.group !== '-') extra.city = row.group;
    if (q.groupBy === 'handler' && row.group !== '-') extra.handler = row.group;
    void showDrill(figure, extra);
  };

  const kpi = (label: string, value: string, figure: Figure | null, cls = '') =>
    h(
      figure ? 'button' : 'div',
      {
        class: `kpi ${cls}`,
        type: figure ? 'button' : null,
        'data-kpi': figure ?? label,
        onclick: figure ? () => void showDrill(figure) : null,
      },
      h('span', { class: 'kpi-value' }, value),
      h('span', { class: 'kpi-label' }, label),
    );

  function paint(d: Dashboard): void {
    mount(
      kpis,
      kpi(t('dashboard.slaMet'), pct(d.totals.slaMetPct), 'sla-missed', 'kpi-main'),
      kpi(t('dashboard.open'), String(d.open.open), 'open'),
      kpi(t('dashboard.atRisk'), String(d.open.atRisk), 'at-risk', 'kpi-warn'),
      kpi(t('dashboard.breached'), String(d.open.breached), 'breached', 'kpi-bad'),
      kpi(t('dashboard.completed'), String(d.totals.completed), 'completed'),
      kpi(t('dashboard.ftr'), pct(d.complaints.firstTimeResolutionPct), null),
      kpi(
        t('dashboard.satisfaction'),
        d.complaints.avgSatisfaction === null ? '—' : d.complaints.avgSatisfaction.toFixed(1),
        null,
      ),
    );
    const rows =
      q.groupBy === 'handler'
        ? [...d.rows].sort((a, b) => b.completed - a.completed || (b.slaMetPct ?? 0) - (a.slaMetPct ?? 0))
        : d.rows;
    const labels = rows.map((r) => groupLabel(d.groupBy, r));
    const [c1, c2, c3] = charts;
    c1?.setOption(
      {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 10, bottom: 60, top: 30 },
        xAxis: { type: 'category', data: labels, axisLabel: { rotate: 30, fontSize: 10 } },
        yAxis: { type: 'value' },
        series: [
          {
            name: t('dashboard.slaMet'),
            type: 'bar',
            stack: 'sla',
            data: rows.map((r) => r.slaMet),
            color: '#2e8b57',
          },
          {
            name: t('dashboard.breached'),
            type: 'bar',
            stack: 'sla',
            data: rows.map((r) => r.breached),
            color: '#d64545',
          },
        ],
      },
      true,
    );
    c2?.setOption(
      {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 10, bottom: 60, top: 30 },
        xAxis: { type: 'category', data: labels, axisLabel: { rotate: 30, fontSize: 10 } },
        yAxis: { type: 'value' },
        series: [
          {
            name: t('dashboard.avg'),
            type: 'bar',
            data: rows.map((r) => ((r.avgDurationMs ?? 0) / HOUR).toFixed(1)),
          },
          {
            name: t('dashboard.p90'),
            type: 'bar',
            data: rows.map((r) => ((r.p90DurationMs ?? 0) / HOUR).toFixed(1)),
          },
        ],
      },
      true,
    );
    c3?.setOption(
      {
        tooltip: { trigger: 'axis' },
        grid: { left: 40, right: 10, bottom: 30, top: 20 },
        xAxis: { type: 'category', data: d.throughput.map((w) => w.week.slice(0, 10)) },
        yAxis: { type: 'value' },
        series: [
          {
            name: t('dashboard.completed'),
            type: 'line',
            smooth: true,
            data: d.throughput.map((w) => w.completed),
          },
        ],
      },
      true,
    );
    mount(
      table,
      h(
        'table',
        { 'data-testid': 'figures-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            [
              q.groupBy === 'handler' ? '#' : '',
              t('dashboard.group'),
              t('dashboard.completed'),
              t('dashboard.slaMet'),
              t('dashboard.breached'),
              t('dashboard.avg'),
              t('dashboard.p90'),
            ].map((x) => h('th', {}, x)),
          ),
        ),
        h(
          'tbody',
          {},
          rows.map((r, i) =>
            h(
              'tr',
              { class: 'clickable', onclick: () => drillFor(r, 'completed') },
              h('td', {}, q.groupBy === 'handler' ? String(i + 1) : ''),
              h('td', {}, labels[i] ?? r.group),
              h('td', {}, String(r.completed)),
              h('td', {}, pct(r.slaMetPct)),
              h('td', {}, String(r.breached)),
              h('td', {}, r.avgDurationMs === null ? '—' : `${(r.avgDurationMs / HOUR).toFixed(1)}h`),
              h('td', {}, r.p90DurationMs === null ? '—' : `${(r.p90DurationMs / HOUR).toFixed(1)}h`),
            ),
          ),
        ),
      ),
    );
    updated.textContent = t('dashboard.updated', { time: new Date().toLocaleTimeString() });
  }

  async function load(): Promise<void> {
    figures = await slaFigures(q);
    paint(figures);
  }

  const input = (name: 'from' | 'to') =>
    h('input', {
      type: 'date',
      name,
      value: q[name] ?? '',
      onchange: (e: Event) => {
        q[name] = (e.target as HTMLInputElement).value || undefined;
        void load();
      },
    });
  const selectOf = (name: 'groupBy' | 'city', options: [string, string][]) =>
    h(
      'select',
      {
        name,
        onchange: (e: Event) => {
          const value = (e.target as HTMLSelectElement).value;
          if (name === 'city') q.city = value || undefined;
          else q.groupBy = value;
          void load();
        },
      },
      options.map(([v, label]) => h('option', { value: v, selected: (q[name] ?? '') === v }, label)),
    );

  mount(
    root,
    h(
      'div',
      { class: 'dashboard' },
      h(
        'div',
        { class: 'list-head' },
        h('h1', {}, t('dashboard.title')),
        updated,
        h('span', { class: 'live' }, '● ', t('inbox.live')),
      ),
      h(
        'div',
        { class: 'filters' },
        h('label', {}, t('dashboard.from'), input('from')),
        h('label', {}, t('dashboard.to'), input('to')),
        ctx.user.city
          ? h('span', { class: 'tag' }, tx('city', ctx.user.city))
          : h(
              'label',
              {},
              t('dashboard.city'),
              selectOf('city', [
                ['', t('dashboard.allCities')],
                ['gz', t('city.gz')],
                ['sz', t('city.sz')],
              ]),
            ),
        h(
          'label',
          {},
          t('dashboard.groupBy'),
          selectOf(
            'groupBy',
            (['process', 'task', 'city', 'team', 'handler'] as const).map((g): [string, string] => [
              g,
              t(`dashboard.groupBy.${g}`),
            ]),
          ),
        ),
        h(
          'button',
          {
            type: 'button',
            onclick: async () => download(`sla-${q.groupBy}.csv`, await slaCsv(q)),
          },
          t('dashboard.export'),
        ),
      ),
      kpis,
      h(
        'div',
        { class: 'charts' },
        h('section', { class: 'panel' }, h('h3', {}, t('dashboard.byGroup')), byGroup),
        h('section', { class: 'panel' }, h('h3', {}, t('dashboard.durations')), durations),
        h('section', { class: 'panel' }, h('h3', {}, t('dashboard.trend')), trend),
      ),
      h(
        'section',
        { class: 'panel' },
        h('h3', {}, q.groupBy === 'handler' ? t('dashboard.leaderboard') : t('dashboard.group')),
        table,
      ),
      drill,
    ),
  );
  for (const el of [byGroup, durations, trend]) {
    const chart = echarts.init(el);
    charts.push(chart);
  }
  charts[0]!.on('click', (p) => {
    const row = figures?.rows[p.dataIndex];
    if (row) drillFor(row, p.seriesIndex === 1 ? 'sla-missed' : 'completed');
  });
  const resize = () => charts.forEach((c) => c.resize());
  window.addEventListener('resize', resize);
  await load();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unsubscribe = subscribe(['dashboard'], () => {
    clearTimeout(timer);
    timer = setTimeout(() => void load().catch(() => undefined), 200);
  });
  return () => {
    unsubscribe();
    clearTimeout(timer);
    window.removeEventListener('resize', resize);
    charts.forEach((c) => c.dispose());
  };
};
