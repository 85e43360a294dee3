/**
 * Texts of the notices gcflow sends, by the `template` header and the kinds the workers send themselves.
 * Chinese first with English. `{name}` placeholders are filled from the variables; a missing one stays
 * visible rather than failing the job, because a notice with a gap is better than none.
 */
const TEMPLATES: Record<string, { subject: string; body: string }> = {
  'complaint-accepted': {
    subject: '投诉已受理 Complaint accepted',
    body: '您的投诉已受理，我们将在 {slaDueAt} 前处理完毕。Your complaint is accepted; we will resolve it by {slaDueAt}.',
  },
  'complaint-progress': {
    subject: '投诉处理进度 Complaint progress',
    body: '您的投诉正在处理中，处理时限 {slaDueAt}。Your complaint is being handled; due {slaDueAt}.',
  },
  'complaint-resolved': {
    subject: '投诉已处理 Complaint resolved',
    body: '您的投诉已处理：{resolutionSummary}。Your complaint was resolved: {resolutionSummary}.',
  },
  'complaint-grave-alert': {
    subject: '重大投诉通报 Grave complaint',
    body: '客户 {customerName} 的重大投诉需管理层关注。A grave complaint of {customerName} needs management attention.',
  },
  'complaint-reopened': {
    subject: '投诉重新打开 Complaint reopened',
    body: '客户 {customerName} 对处理结果不满意，投诉已升级为 {grade} 重新处理。{customerName} is not satisfied; the complaint is reopened as {grade}.',
  },
  'sla-warning': {
    subject: '时限预警 SLA warning',
    body: '{what} 将于 {slaDueAt} 到期。{what} is due at {slaDueAt}.',
  },
  'sla-breach': {
    subject: '超时升级 SLA breach escalated',
    body: '{what} 已超出处理时限 {slaDueAt}，升级至{levelZh}管理层。{what} missed its deadline {slaDueAt}; escalated to {level} management.',
  },
  'survey-invitation': {
    subject: '满意度回访 Satisfaction survey',
    body: '请评价本次服务：{surveyUrl}（{expiresAt} 前有效）。Please rate our service: {surveyUrl} (valid until {expiresAt}).',
  },
  'task-unassigned': {
    subject: '任务无人可分派 Task without assignee',
    body: '任务 {elementId}（流程实例 {processInstanceKey}）无符合条件的处理人，留在候选组 {candidateGroups}。Task {elementId} of instance {processInstanceKey} has nobody eligible and stays with {candidateGroups}.',
  },
  'account-manager-proposal': {
    subject: '客户经理变更建议 New account manager proposed',
    body: '{departed} 已离职，其客户 {customerId} 建议由 {proposed} 接手，请确认。{departed} has left; {proposed} is proposed for customer {customerId}: please confirm.',
  },
  'support-order-dispatched': {
    subject: '支撑工单 Support order',
    body: '新的支撑工单 {orderId}：{request}。New support order {orderId}: {request}.',
  },
};

/** Subject and body of a notice; an unknown template gives a generic text naming it. */
export function renderTemplate(
  template: string,
  variables: Record<string, unknown>,
): { subject: string; body: string } {
  const text = TEMPLATES[template] ?? {
    subject: `gcflow: ${template}`,
    body: `gcflow 通知 notice "${template}"${variables.customerName ? `: ${String(variables.customerName)}` : ''}.`,
  };
  const fill = (s: string) =>
    s.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = variables[name];
      return value === undefined || value === null ? whole : String(value);
    });
  return { subject: fill(text.subject), body: fill(text.body) };
}
