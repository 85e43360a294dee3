/**
 * Customers: search, then the unified customer view (key people, touch history, open processes, cases) and
 * starting a process for the customer.
 */
import { ApiError } from '../core/http';
import { h, mount, toast } from '../core/dom';
import type { Screen, ScreenContext } from '../core/screen';
import { hasRole } from '../core/session';
import { formatDateTime, localName, t, tx } from '../i18n/i18n';
import type { TaskForm } from '../inbox/task-form';
import {
  CUSTOMER_PROCESSES,
  getCustomer,
  getForm,
  listCustomers,
  startInstance,
  type CustomerView,
} from './customer-api';
import { customerBasics } from './customer-basics';

/** What the customer record already says, filled into the start form and kept read-only there. */
function customerContext(c: CustomerView): Record<string, unknown> {
  return {
    customerId: c.id,
    customerName: c.name.zh,
    industry: c.industry,
    city: c.city,
    accountManager: c.accountManager,
  };
}

/** The start form's schema with the fields the customer record fills made read-only. */
function prefilledSchema(schema: Record<string, unknown>, context: Record<string, unknown>) {
  const components = (schema.components as { key?: string }[] | undefined) ?? [];
  return {
    ...schema,
    components: components.map((component) =>
      component.key && context[component.key] ? { ...component, readonly: true } : component,
    ),
  };
}

/**
 * Starting a process for the customer with the process's own start form (the form of its start event in
 * processes/), so the instance gets every variable the model needs; the customer's facts are filled in.
 */
function startForm(c: CustomerView, ctx: ScreenContext): HTMLElement | null {
  const allowed = CUSTOMER_PROCESSES.filter((p) => hasRole(ctx.user, ...p.roles));
  if (!allowed.length) return null;
  const context = customerContext(c);
  const fields = h('div', { class: 'task-form start-fields', 'data-testid': 'start-fields' });
  const error = h('p', { class: 'error', role: 'alert' });
  let form: TaskForm | null = null;
  let shown = '';
  const show = async (processId: string) => {
    shown = processId;
    form?.destroy();
    form = null;
    mount(fields, h('p', { class: 'loading' }, t('app.loading')));
    const spec = allowed.find((p) => p.id === processId)!;
    try {
      const [{ schema }, { renderTaskForm }] = await Promise.all([
        getForm(spec.startForm),
        import('../inbox/task-form'),
      ]);
      if (shown !== processId) return;
      mount(fields);
      const data = { ...context, ...(spec.prefill?.(c) ?? {}) };
      form = await renderTaskForm(fields, prefilledSchema(schema, context), data, false);
    } catch (err) {
      mount(fields, h('p', { class: 'error', role: 'alert' }, (err as Error).message));
    }
  };
  const process = h(
    'select',
    { name: 'process', onchange: () => void show(process.value) },
    allowed.map((p) => h('option', { value: p.id }, tx('process', p.id))),
  );
  void show(process.value);
  return h(
    'form',
    {
      class: 'panel start-form',
      'data-testid': 'start-form',
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        error.textContent = '';
        const values = form?.submit();
        if (!values) {
          error.textContent = t('task.invalid');
          return;
        }
        try {
          const { processInstanceKey } = await startInstance(process.value, { ...context, ...values });
          toast(t('customer.started', { key: processInstanceKey }));
          ctx.navigate(`/instances/${processInstanceKey}`);
        } catch (err) {
          error.textContent = err instanceof ApiError ? `${err.message}` : String(err);
        }
      },
    },
    h('h3', {}, t('customer.start')),
    h('label', {}, t('customer.startProcess'), process),
    fields,
    error,
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'start' }, t('customer.start')),
  );
}

async function renderCustomer(root: HTMLElement, id: string, ctx: ScreenContext): Promise<void> {
  const c = await getCustomer(id);
  const table = (head: string[], rows: (string | Node)[][]) =>
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
              head.map((x) => h('th', {}, x)),
            ),
          ),
          h(
            'tbody',
            {},
            rows.map((r) =>
              h(
                'tr',
                {},
                r.map((x) => h('td', {}, x)),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, t('instance.empty'));
  mount(
    root,
    h('p', {}, h('a', { href: '/customers', 'data-link': true }, `← ${t('nav.customers')}`)),
    h(
      'div',
      { class: 'customer-view', 'data-testid': 'customer-view' },
      h(
        'section',
        { class: 'panel' },
        customerBasics(c, 'h1', [
          h('dt', {}, t('customer.services')),
          h('dd', {}, c.services.join(', ') || '—'),
        ]),
        h('h3', {}, t('customer.people')),
        table(
          [t('modeler.name'), t('customer.personTitle'), t('customer.careLevel')],
          c.people.map((p) => [p.name, p.title ?? '', tx('careLevel', p.careLevel)]),
        ),
        h('h3', {}, t('customer.openProcesses')),
        table(
          [t('task.process'), t('instance.started'), ''],
          c.openProcesses.map((p) => [
            tx('process', String(p.bpmnProcessId)),
            formatDateTime(p.startedAt as string | null),
            h(
              'a',
              { href: `/instances/${String(p.processInstanceKey)}`, 'data-link': true },
              String(p.processInstanceKey),
            ),
          ]),
        ),
        h('h3', {}, t('customer.touches')),
        table(
          ['', '', ''],
          c.touches.map((x) => [
            formatDateTime(x.at as string),
            String(x.kind ?? ''),
            `${String(x.summary ?? '')} (${String(x.by ?? '')})`,
          ]),
        ),
        h('h3', {}, t('customer.cases')),
        table(
          ['', ''],
          c.cases.map((x) => [localName(x.title as { zh: string; en: string }), String(x.summary ?? '')]),
        ),
      ),
      startForm(c, ctx),
    ),
  );
}

export const screen: Screen = async (root, ctx) => {
  if (ctx.params.id) return renderCustomer(root, ctx.params.id, ctx);
  const list = h('ul', { class: 'customer-list', 'data-testid': 'customer-list' });
  const search = async (q: string) => {
    const rows = await listCustomers(q || undefined);
    mount(
      list,
      rows.length
        ? rows.map((c) =>
            h(
              'li',
              {},
              h(
                'a',
                { href: `/customers/${c.id}`, 'data-link': true },
                h('strong', {}, localName(c.name)),
                c.keyCustomer ? h('span', { class: 'tag tag-key' }, t('customer.key')) : null,
                h(
                  'small',
                  { class: 'muted' },
                  `${tx('industry', c.industry)} · ${tx('city', c.city)} · ${c.id}`,
                ),
              ),
            ),
          )
        : h('li', { class: 'empty' }, t('customer.empty')),
    );
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  mount(
    root,
    h('h1', {}, t('nav.customers')),
    h('input', {
      type: 'search',
      class: 'search',
      placeholder: t('customer.search'),
      'aria-label': t('customer.search'),
      oninput: (e: Event) => {
        clearTimeout(timer);
        timer = setTimeout(() => void search((e.target as HTMLInputElement).value.trim()), 250);
      },
    }),
    list,
  );
  await search('');
};
