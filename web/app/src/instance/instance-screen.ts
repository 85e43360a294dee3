/**
 * One process instance, as in Camunda Operate: the diagram (bpmn-js viewer) with active tokens, the
 * completed path, incidents with retry and links into called instances; the variables, the report
 * artifacts with the files attached to its tasks, and the audit trail (every element entered and left,
 * with times).
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/diagram-js.css';
import { download, h, mount, toast } from '../core/dom';
import { ApiError, request } from '../core/http';
import type { Screen } from '../core/screen';
import { hasRole } from '../core/session';
import { elementName, formatDateTime, formatDuration, t, tx } from '../i18n/i18n';
import { attachmentList } from '../attachments/attachment-list';
import { listInstanceAttachments } from '../attachments/attachments-api';
import { getInstance, listArtifacts, processXml, retryIncident, type InstanceDetail } from './instance-api';
import { instanceOverlaysModule, type InstanceOverlays } from './instance-overlays';

function value(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The instance; right after a start the projection may not have it yet, so a 404 is retried briefly. */
async function instanceAfterStart(key: string): Promise<InstanceDetail> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await getInstance(key);
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404) || attempt >= 20) throw err;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

export const screen: Screen = async (root, ctx) => {
  const key = ctx.params.key!;
  const instance = await instanceAfterStart(key);
  const canvasEl = h('div', { class: 'diagram', 'data-testid': 'diagram' });
  const artifacts = h('div', {});
  const attachments = h('div', { 'data-testid': 'instance-attachments' });
  mount(
    root,
    h(
      'div',
      { class: 'instance-view', 'data-testid': 'instance-view' },
      h(
        'div',
        { class: 'list-head' },
        h('h1', {}, `${tx('process', instance.bpmnProcessId)} #${instance.processInstanceKey}`),
        h(
          'span',
          { class: `tag state-${instance.state}`, 'data-testid': 'instance-state' },
          t(`instance.state.${instance.state}`),
        ),
        instance.customerId
          ? h(
              'a',
              { href: `/customers/${instance.customerId}`, 'data-link': true },
              instance.customerName ?? instance.customerId,
            )
          : null,
        instance.parentProcessInstanceKey
          ? h(
              'a',
              { href: `/instances/${instance.parentProcessInstanceKey}`, 'data-link': true },
              `↖ ${t('instance.parent')}`,
            )
          : null,
      ),
      h(
        'p',
        { class: 'meta' },
        `v${instance.version} · ${t('instance.started')} ${formatDateTime(instance.startedAt)}${instance.endedAt ? ` · ${t('instance.ended')} ${formatDateTime(instance.endedAt)}` : ''}`,
      ),
      canvasEl,
      h(
        'div',
        { class: 'instance-tabs' },
        h(
          'section',
          { class: 'panel' },
          h('h3', {}, t('instance.incidents')),
          instance.incidents.length
            ? h(
                'ul',
                {},
                instance.incidents.map((i) =>
                  h('li', {}, `${i.elementId}: ${i.errorType} — ${i.errorMessage} (${i.state})`),
                ),
              )
            : h('p', { class: 'muted' }, t('instance.empty')),
          h('h3', {}, t('instance.children')),
          instance.children.length
            ? h(
                'ul',
                {},
                instance.children.map((c) =>
                  h(
                    'li',
                    {},
                    h(
                      'a',
                      { href: `/instances/${c.processInstanceKey}`, 'data-link': true },
                      `${tx('process', c.bpmnProcessId)} #${c.processInstanceKey}`,
                    ),
                    ` ${t(`instance.state.${c.state}`)}`,
                  ),
                ),
              )
            : h('p', { class: 'muted' }, t('instance.empty')),
        ),
        h(
          'section',
          { class: 'panel' },
          h('h3', {}, t('instance.variables')),
          h(
            'table',
            { class: 'vars', 'data-testid': 'variables' },
            h(
              'tbody',
              {},
              Object.entries(instance.variables)
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, value(v)))),
            ),
          ),
        ),
        h(
          'section',
          { class: 'panel' },
          h('h3', {}, t('instance.artifacts')),
          artifacts,
          h('h3', {}, t('instance.attachmentsTitle')),
          attachments,
        ),
        h(
          'section',
          { class: 'panel audit' },
          h('h3', {}, t('instance.audit')),
          h(
            'table',
            {},
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [
                  t('instance.element'),
                  t('instance.state'),
                  t('instance.started'),
                  t('instance.ended'),
                  '',
                ].map((x) => h('th', {}, x)),
              ),
            ),
            h(
              'tbody',
              {},
              instance.elements.map((e) =>
                h(
                  'tr',
                  {},
                  h('td', {}, elementName(e)),
                  h('td', {}, e.state),
                  h('td', {}, formatDateTime(e.startedAt)),
                  h('td', {}, formatDateTime(e.endedAt)),
                  h('td', {}, e.durationMs === null ? '' : formatDuration(e.durationMs)),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );

  const viewer = new NavigatedViewer({ container: canvasEl, additionalModules: [instanceOverlaysModule] });
  try {
    await viewer.importXML(await processXml(instance.processDefinitionKey));
    (viewer.get('canvas') as { zoom(v: string): void }).zoom('fit-viewport');
    viewer.get<InstanceOverlays>('instanceOverlays').show(instance, {
      labels: { retry: t('instance.retry'), child: t('instance.children') },
      openInstance: (k) => ctx.navigate(`/instances/${k}`),
      retry: (incidentKey) => {
        if (!hasRole(ctx.user, 'manager', 'admin', 'process-designer'))
          return toast(t('app.forbidden'), 'error');
        retryIncident(incidentKey)
          .then(() => {
            toast(t('instance.retried'));
            ctx.navigate(`/instances/${key}`);
          })
          .catch((err: Error) => toast(err.message, 'error'));
      },
    });
  } catch (err) {
    canvasEl.append(h('p', { class: 'error' }, (err as Error).message));
  }
  listArtifacts(key)
    .then((rows) =>
      mount(
        artifacts,
        rows.length
          ? h(
              'ul',
              {},
              rows.map((a) =>
                h(
                  'li',
                  {},
                  `${a.kind} v${a.version} `,
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'link',
                      onclick: async () =>
                        download(
                          `${a.kind}-v${a.version}.md`,
                          await (
                            await request('GET', `/api/artifacts/${encodeURIComponent(a.id)}/download`)
                          ).blob(),
                        ),
                    },
                    t('instance.download'),
                  ),
                ),
              ),
            )
          : h('p', { class: 'muted' }, t('instance.empty')),
      ),
    )
    .catch(() => undefined);
  listInstanceAttachments(key)
    .then((rows) => mount(attachments, attachmentList(rows, { withTask: true })))
    .catch(() => undefined);
  return () => viewer.destroy();
};
