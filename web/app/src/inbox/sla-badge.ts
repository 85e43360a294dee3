import { h } from '../core/dom';
import { formatDuration, t } from '../i18n/i18n';
import type { SlaState } from './inbox-api';

/**
 * The SLA badge: the state's colour and the time to the due date. The due date itself is computed by the
 * SLA worker on the business calendar (working hours, holidays, make-up days), so "left" counts down to a
 * business-time deadline.
 */
export function slaBadge(state: SlaState, dueAt: string | null, now = Date.now()): HTMLElement {
  const label = t(`sla.${state}`);
  let time = '';
  if (dueAt) {
    const ms = new Date(dueAt).getTime() - now;
    time =
      ms >= 0 ? t('sla.left', { time: formatDuration(ms) }) : t('sla.overdue', { time: formatDuration(ms) });
  }
  return h(
    'span',
    { class: `sla sla-${state}`, title: dueAt ? new Date(dueAt).toLocaleString() : label, 'data-sla': state },
    label,
    time ? h('small', {}, time) : null,
  );
}

/** Urgency for sorting: breached first, then at risk, on track, none. */
export const SLA_RANK: Record<SlaState, number> = { breached: 0, 'at-risk': 1, 'on-track': 2, none: 3 };
