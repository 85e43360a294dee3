/**
 * The task inbox: my tasks / my groups' tasks (/ all for managers), filters by process, customer, due date
 * and SLA state, sorting by due date or urgency, live updates over the API's event stream, and the task
 * beside the list (on a phone the list and the task are one after the other, at /inbox and /tasks/:id).
 */
import { h, mount } from '../core/dom';
import { subscribe } from '../core/http';
import type { Screen } from '../core/screen';
import { elementName, formatDateTime, t, tx } from '../i18n/i18n';
import { listTasks, type InboxTask, type Scope } from './inbox-api';
import { slaBadge, SLA_RANK } from './sla-badge';
import { renderTaskPanel } from './task-panel';

interface Filters {
  scope: Scope;
  process: string;
  customer: string;
  due: '' | 'overdue' | 'today' | 'week';
  sla: string;
  sort: 'due' | 'priority' | 'created';
}

const saved = (): Filters => ({
  scope: 'mine',
  process: '',
  customer: '',
  due: '',
  sla: '',
  sort: 'due',
  ...(JSON.parse(sessionStorage.getItem('gcflow.inbox') ?? '{}') as Partial<Filters>),
});

function applyFilters(tasks: InboxTask[], f: Filters, now: number): InboxTask[] {
  const endOfDay = new Date(now);
  endOfDay.setHours(23, 59, 59, 999);
  const dueLimit = { overdue: now, today: endOfDay.getTime(), week: now + 7 * 86_400_000 };
  const rows = tasks.filter(
    (task) =>
      (!f.process || task.bpmnProcessId === f.process) &&
      (!f.customer || (task.customerId ?? '').toLowerCase().includes(f.customer.toLowerCase())) &&
      (!f.sla || task.sla.state === f.sla) &&
      (!f.due || (task.dueAt !== null && new Date(task.dueAt).getTime() <= dueLimit[f.due])),
  );
  const due = (x: InboxTask) => (x.dueAt ? new Date(x.dueAt).getTime() : Number.MAX_SAFE_INTEGER);
  const compare: Record<Filters['sort'], (a: InboxTask, b: InboxTask) => number> = {
    due: (a, b) => due(a) - due(b),
    priority: (a, b) => SLA_RANK[a.sla.state] - SLA_RANK[b.sla.state] || due(a) - due(b),
    created: (a, b) => b.createdAt.localeCompare(a.createdAt),
  };
  return rows.sort(compare[f.sort]);
}

export const screen: Screen = async (root, ctx) => {
  const filters = saved();
  if (filters.scope === 'all' && !ctx.user.roles.includes('manager')) filters.scope = 'mine';
  let tasks: InboxTask[] = [];
  let known = new Set<string>();
  let selected = ctx.params.id ?? null;
  let disposeTask: (() => void) | null = null;

  const list = h('ul', { class: 'task-list', 'data-testid': 'task-list' });
  const count = h('span', { class: 'muted' });
  const live = h('span', { class: 'live', title: t('inbox.live') }, '● ', t('inbox.live'));
  const detail = h('section', { class: 'task-detail', 'aria-live': 'polite' });
  const layout = h('div', { class: `inbox ${selected ? 'has-task' : ''}` });

  const select = (name: keyof Filters, options: [string, string][]) =>
    h(
      'select',
      {
        name,
        'aria-label': name,
        onchange: (e: Event) => {
          (filters as unknown as Record<string, string>)[name] = (e.target as HTMLSelectElement).value;
          sessionStorage.setItem('gcflow.inbox', JSON.stringify(filters));
          paint();
        },
      },
      options.map(([value, label]) => h('option', { value, selected: filters[name] === value }, label)),
    );
  const processSelect = h('span');
  const tabs = h(
    'div',
    { class: 'tabs', role: 'tablist' },
    (['mine', 'candidate', ...(ctx.user.roles.includes('manager') ? ['all'] : [])] as Scope[]).map((scope) =>
      h(
        'button',
        {
          type: 'button',
          role: 'tab',
          'data-scope': scope,
          'aria-selected': String(filters.scope === scope),
          onclick: () => {
            filters.scope = scope;
            sessionStorage.setItem('gcflow.inbox', JSON.stringify(filters));
            tabs
              .querySelectorAll('button')
              .forEach((b) => b.setAttribute('aria-selected', String(b.dataset.scope === scope)));
            void load();
          },
        },
        t(`inbox.${scope}`),
      ),
    ),
  );

  function paint(): void {
    const now = Date.now();
    const processes = [...new Set(tasks.map((x) => x.bpmnProcessId))].sort();
    mount(
      processSelect,
      h(
        'label',
        {},
        t('inbox.filter.process'),
        select('process', [
          ['', t('inbox.filter.any')],
          ...processes.map((p): [string, string] => [p, tx('process', p)]),
        ]),
      ),
    );
    const rows = applyFilters(tasks, filters, now);
    count.textContent = t(rows.length === 1 ? 'inbox.countOne' : 'inbox.count', { n: rows.length });
    mount(
      list,
      rows.length
        ? rows.map((task) =>
            h(
              'li',
              {
                class: `${task.id === selected ? 'selected' : ''} ${known.size && !known.has(task.id) ? 'new' : ''}`,
                'data-task-id': task.id,
              },
              h(
                'a',
                { href: `/tasks/${task.id}`, 'data-link': true },
                h('strong', {}, elementName(task)),
                h('span', { class: 'muted' }, tx('process', task.bpmnProcessId)),
                h(
                  'span',
                  { class: 'row' },
                  slaBadge(task.sla.state, task.dueAt, now),
                  h('small', { class: 'muted' }, task.customerId ?? ''),
                ),
                h(
                  'small',
                  { class: 'muted' },
                  task.assignee ? `${t('task.assignee')}: ${task.assignee}` : t('task.unassigned'),
                  ' · ',
                  formatDateTime(task.createdAt),
                ),
              ),
            ),
          )
        : h('li', { class: 'empty' }, t('inbox.empty')),
    );
  }

  async function load(): Promise<void> {
    const next = await listTasks(filters.scope);
    known = tasks.length ? new Set(tasks.map((x) => x.id)) : new Set(next.map((x) => x.id));
    tasks = next;
    paint();
  }

  async function showTask(): Promise<void> {
    disposeTask?.();
    disposeTask = null;
    if (!selected) {
      mount(detail, h('p', { class: 'muted pick' }, t('inbox.pick')));
      return;
    }
    mount(detail, h('p', { class: 'loading' }, t('app.loading')));
    try {
      disposeTask = await renderTaskPanel(detail, selected, ctx.user, () => void load());
    } catch (err) {
      mount(detail, h('p', { class: 'error', role: 'alert' }, (err as Error).message));
    }
  }

  mount(
    root,
    h(
      'div',
      { class: layout.className },
      h(
        'section',
        { class: 'task-list-pane', 'aria-label': t('inbox.title') },
        h('div', { class: 'list-head' }, h('h1', {}, t('inbox.title')), count, live),
        tabs,
        h(
          'div',
          { class: 'filters' },
          processSelect,
          h(
            'label',
            {},
            t('inbox.filter.customer'),
            h('input', {
              name: 'customer',
              value: filters.customer,
              placeholder: t('customer.code'),
              oninput: (e: Event) => {
                filters.customer = (e.target as HTMLInputElement).value;
                paint();
              },
            }),
          ),
          h(
            'label',
            {},
            t('inbox.filter.due'),
            select('due', [
              ['', t('inbox.filter.any')],
              ['overdue', t('inbox.due.overdue')],
              ['today', t('inbox.due.today')],
              ['week', t('inbox.due.week')],
            ]),
          ),
          h(
            'label',
            {},
            t('inbox.filter.sla'),
            select('sla', [
              ['', t('inbox.filter.any')],
              ...(['breached', 'at-risk', 'on-track', 'none'] as const).map((s): [string, string] => [
                s,
                t(`sla.${s}`),
              ]),
            ]),
          ),
          h(
            'label',
            {},
            t('inbox.sort'),
            select('sort', [
              ['due', t('inbox.sort.due')],
              ['priority', t('inbox.sort.priority')],
              ['created', t('inbox.sort.created')],
            ]),
          ),
        ),
        list,
      ),
      selected
        ? h('p', { class: 'back-link' }, h('a', { href: '/inbox', 'data-link': true }, `← ${t('app.back')}`))
        : null,
      detail,
    ),
  );
  await load();
  // time to first render, read by the browser test: the list with its data, at the next frame
  requestAnimationFrame(() => performance.mark('gcflow:inbox-painted'));
  void showTask();
  // a new task appears without reload: the event stream says the projection moved
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unsubscribe = subscribe(['inbox'], () => {
    clearTimeout(timer);
    timer = setTimeout(() => void load().catch(() => undefined), 150);
  });
  const minute = setInterval(paint, 60_000);
  return () => {
    unsubscribe();
    clearInterval(minute);
    clearTimeout(timer);
    disposeTask?.();
    selected = null;
  };
};
