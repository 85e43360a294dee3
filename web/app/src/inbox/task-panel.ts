import { taskAttachmentsSection } from '../attachments/attachment-list';
import { listTaskAttachments } from '../attachments/attachments-api';
import { customerCard } from '../customer/customer-card';
import { ApiError } from '../core/http';
import { h, mount, toast } from '../core/dom';
import type { User } from '../core/session';
import { elementName, formatDateTime, t, tx } from '../i18n/i18n';
import { claimTask, completeTask, getTask, instanceVariables, unclaimTask } from './inbox-api';
import { knowledgePanel } from './knowledge-panel';
import { slaBadge } from './sla-badge';
import type { TaskForm } from './task-form';

/**
 * One task: its facts, claim / hand back, the form with the process variables, validation messages (the
 * form's own and the API's), the knowledge map and the customer's view beside it.
 */
export async function renderTaskPanel(
  root: HTMLElement,
  id: string,
  user: User,
  changed: () => void,
): Promise<() => void> {
  let form: TaskForm | null = null;
  const task = await getTask(id);
  const [variables, attachments] = await Promise.all([
    instanceVariables(task.processInstanceKey).catch(() => ({})),
    listTaskAttachments(id).catch(() => []),
  ]);
  const mine = task.assignee === user.username;
  const open = task.state === 'open';
  const errors = h('div', { class: 'form-errors', role: 'alert', 'data-testid': 'form-errors' });
  const formHost = h('div', { class: 'task-form', 'data-testid': 'task-form' });

  const reload = async () => {
    form?.destroy();
    changed();
    mount(root);
    const next = await renderTaskPanel(root, id, user, changed);
    disposeNext = next;
  };
  let disposeNext: (() => void) | null = null;
  const act = (run: () => Promise<void>, done: string) => async () => {
    try {
      await run();
      toast(done);
      await reload();
    } catch (err) {
      toast((err as Error).message, 'error');
    }
  };

  const actions = h('div', { class: 'actions' });
  if (open && !task.assignee && task.candidateGroups.some((g) => user.roles.includes(g)))
    actions.append(
      h(
        'button',
        { class: 'primary', type: 'button', onclick: act(() => claimTask(id), t('task.claimed')) },
        t('task.claim'),
      ),
    );
  if (open && (mine || (task.assignee && user.roles.includes('manager'))))
    actions.append(
      h(
        'button',
        { type: 'button', onclick: act(() => unclaimTask(id), t('task.unclaimed')) },
        t('task.unclaim'),
      ),
    );

  const submit = h(
    'button',
    {
      class: 'primary',
      type: 'button',
      'data-testid': 'complete',
      onclick: async () => {
        errors.replaceChildren();
        const values = form ? form.submit() : {};
        if (!values) {
          errors.append(h('p', {}, t('task.invalid')));
          return;
        }
        try {
          await completeTask(id, values);
          toast(t('task.completed'));
          changed();
          mount(root, h('div', { class: 'panel done', 'data-testid': 'task-done' }, t('task.completed')));
        } catch (err) {
          if (err instanceof ApiError && err.status === 422) {
            const details = err.details.map((d) => ({
              field: String(d.field ?? d.path ?? ''),
              message: d.message,
            }));
            errors.append(
              h('p', {}, t('task.invalid')),
              h(
                'ul',
                {},
                details.map((d) => h('li', {}, `${d.field}: ${d.message}`)),
              ),
            );
            form?.showErrors(details);
          } else toast((err as Error).message, 'error');
        }
      },
    },
    t('task.complete'),
  );

  const side = h('div', { class: 'task-side' }, knowledgePanel(task));
  mount(
    root,
    h(
      'article',
      { class: 'task', 'data-testid': 'task-panel', 'data-task-id': task.id },
      h(
        'header',
        { class: 'task-head' },
        h('h2', {}, elementName(task)),
        slaBadge(task.sla.state, task.dueAt),
        h(
          'p',
          { class: 'meta' },
          `${t('task.process')}: ${tx('process', task.bpmnProcessId)} · ${t('task.assignee')}: ${task.assignee ?? t('task.unassigned')} · ${t('task.groups')}: ${task.candidateGroups.map((g) => tx('role', g)).join(', ') || '—'}`,
        ),
        h(
          'p',
          { class: 'meta' },
          `${t('task.created')} ${formatDateTime(task.createdAt)}`,
          task.dueAt ? ` · ${t('task.due')} ${formatDateTime(task.dueAt)}` : '',
          ' · ',
          h('a', { href: `/instances/${task.processInstanceKey}`, 'data-link': true }, t('task.instance')),
        ),
        actions,
      ),
      h(
        'div',
        { class: 'task-body' },
        h(
          'section',
          { class: 'panel form-panel' },
          !open
            ? h('p', { class: 'muted' }, t('task.closed'))
            : !mine
              ? h('p', { class: 'hint' }, t('task.claimFirst'))
              : null,
          task.form ? formHost : h('p', { class: 'muted' }, t('task.noForm')),
          errors,
          taskAttachmentsSection(id, attachments, open && mine, user.username),
          open && mine ? h('div', { class: 'actions' }, submit) : null,
        ),
        side,
      ),
    ),
  );
  if (task.form) {
    const { renderTaskForm } = await import('./task-form');
    form = await renderTaskForm(formHost, task.form, variables, !(open && mine));
  }
  if (task.customerId) {
    customerCard(task.customerId)
      .then((card) => side.append(card))
      .catch(() => undefined);
  }
  return () => {
    form?.destroy();
    disposeNext?.();
  };
}
