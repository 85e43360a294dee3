/**
 * Attachments of a task or an instance: a list with downloads, and for the assignee of an open task an
 * upload field. The server checks kind, size and scope; its error codes are shown in the UI's language.
 */
import { ApiError } from '../core/http';
import { download, h, mount, toast } from '../core/dom';
import { formatDateTime, t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { attachmentContent, deleteAttachment, uploadAttachment, type Attachment } from './attachments-api';

/** Accepted extensions, as the server accepts them (the server decides; this only narrows the file picker). */
const ACCEPT = '.pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.doc,.xls,.ppt,.txt,.csv';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function row(a: Attachment, withTask: boolean, onRemove?: (a: Attachment) => void): HTMLElement {
  return h(
    'li',
    { 'data-attachment-id': a.id },
    h(
      'button',
      {
        type: 'button',
        class: 'link',
        title: t('attachments.download'),
        onclick: async () => {
          try {
            download(a.filename, await attachmentContent(a.id));
          } catch (err) {
            toast((err as Error).message, 'error');
          }
        },
      },
      a.filename,
    ),
    h(
      'small',
      { class: 'muted' },
      ` ${size(a.size)} · ${t('attachments.by', { user: a.uploadedBy, at: formatDateTime(a.uploadedAt) })}`,
    ),
    withTask && a.taskName
      ? h('small', { class: 'muted' }, ` · ${t('attachments.fromTask', { task: a.taskName })}`)
      : null,
    onRemove
      ? h(
          'button',
          {
            type: 'button',
            class: 'link danger',
            'data-testid': 'attachment-remove',
            'aria-label': t('attachments.removeNamed', { name: a.filename }),
            onclick: () => onRemove(a),
          },
          t('attachments.remove'),
        )
      : null,
  );
}

/** The list alone (the instance view, a closed task). */
export function attachmentList(
  rows: Attachment[],
  options: {
    withTask?: boolean;
    removable?: (a: Attachment) => boolean;
    onRemove?: (a: Attachment) => void;
  } = {},
): HTMLElement {
  return rows.length
    ? h(
        'ul',
        { class: 'attachments' },
        rows.map((a) =>
          row(a, options.withTask ?? false, options.removable?.(a) ? options.onRemove : undefined),
        ),
      )
    : h('p', { class: 'muted' }, t('attachments.empty'));
}

function uploadError(err: unknown, name: string): string {
  if (err instanceof ApiError) {
    const key = `attachments.error.${err.code}` as MessageKey;
    const text = t(key, { name });
    if (text !== key) return text;
    return `${name}: ${err.message}`;
  }
  return `${name}: ${String(err)}`;
}

/**
 * The task's attachments: list, and when `canUpload` (the assignee of an open task) the upload field and a
 * remove button on the files `username` attached.
 */
export function taskAttachmentsSection(
  taskKey: string,
  initial: Attachment[],
  canUpload: boolean,
  username: string,
): HTMLElement {
  let rows = initial;
  const list = h('div', {});
  const status = h('p', { class: 'muted', role: 'status' });
  const remove = async (a: Attachment) => {
    if (!window.confirm(t('attachments.confirmRemove', { name: a.filename }))) return;
    try {
      await deleteAttachment(a.id);
      rows = rows.filter((r) => r.id !== a.id);
      paint();
      toast(t('attachments.removed', { name: a.filename }));
    } catch (err) {
      toast(uploadError(err, a.filename), 'error');
    }
  };
  const paint = () =>
    mount(
      list,
      attachmentList(rows, { removable: (a) => canUpload && a.uploadedBy === username, onRemove: remove }),
    );
  paint();
  const input = h('input', {
    type: 'file',
    multiple: true,
    accept: ACCEPT,
    'data-testid': 'attachment-input',
    onchange: async () => {
      const files = [...(input.files ?? [])];
      input.value = '';
      for (const file of files) {
        status.textContent = t('attachments.uploading', { name: file.name });
        try {
          rows = [...rows, await uploadAttachment(taskKey, file)];
          paint();
          toast(t('attachments.uploaded', { name: file.name }));
        } catch (err) {
          toast(uploadError(err, file.name), 'error');
        }
      }
      status.textContent = '';
    },
  });
  return h(
    'section',
    { class: 'task-attachments', 'data-testid': 'attachments' },
    h('h3', {}, t('attachments.title')),
    list,
    canUpload
      ? h(
          'div',
          { class: 'upload' },
          h('label', { class: 'button' }, t('attachments.upload'), input),
          h('small', { class: 'muted' }, t('attachments.accepted')),
          status,
        )
      : null,
  );
}
