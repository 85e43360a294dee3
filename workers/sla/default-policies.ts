/**
 * The SLA policies the shipped process models name in their `slaPolicy` headers. The figures are
 * starting values (the seeds give none); operators may replace them with their own data.
 */
import { CN_STANDARD_WORKDAY_MS } from './cn-holidays';
import { slaPolicySchema, type SlaPolicy } from './sla-policy';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A workday of the standard business calendar (7.5 h). */
const WORKDAY = CN_STANDARD_WORKDAY_MS;

/** Ids of the default policies. */
export const DEFAULT_SLA_POLICY_IDS = [
  'complaint-ordinary',
  'complaint-serious',
  'complaint-grave',
  'complaint-grading',
  'complaint-escalated',
  'complaint-callback',
  'presales-standard',
  'presales-urgent',
  'insales-standard',
  'trial-standard',
  'trial-review',
  'marketing-standard',
  'care-visit',
  'care-quarterly',
] as const;

/** Id of a default policy. */
export type DefaultSlaPolicyId = (typeof DEFAULT_SLA_POLICY_IDS)[number];

const policies: Record<DefaultSlaPolicyId, SlaPolicy> = {
  'complaint-ordinary': {
    id: 'complaint-ordinary',
    name: { zh: '普通投诉', en: 'Ordinary complaint' },
    responseTargetMs: 2 * HOUR,
    resolutionTargetMs: 3 * WORKDAY,
    warnAtRatio: 0.75,
    calendar: 'business',
    pauseWhileWaitingForCustomer: true,
  },
  // Serious and grave complaints affect the customer's service now: the clock runs day and night.
  'complaint-serious': {
    id: 'complaint-serious',
    name: { zh: '严重投诉', en: 'Serious complaint' },
    responseTargetMs: 1 * HOUR,
    resolutionTargetMs: 24 * HOUR,
    warnAtRatio: 0.75,
    calendar: '24x7',
    pauseWhileWaitingForCustomer: true,
  },
  // Grave complaints escalate to management; waiting for the customer does not stop the clock, so
  // escalation cannot be held off by a pending question.
  'complaint-grave': {
    id: 'complaint-grave',
    name: { zh: '重大投诉', en: 'Grave complaint' },
    responseTargetMs: 30 * MINUTE,
    resolutionTargetMs: 8 * HOUR,
    warnAtRatio: 0.5,
    calendar: '24x7',
    pauseWhileWaitingForCustomer: false,
  },
  // Fixing cause and grade comes first: the grade decides every later target.
  'complaint-grading': {
    id: 'complaint-grading',
    name: { zh: '投诉定性定级', en: 'Complaint grading' },
    responseTargetMs: 30 * MINUTE,
    resolutionTargetMs: 2 * HOUR,
    warnAtRatio: 0.75,
    calendar: 'business',
    pauseWhileWaitingForCustomer: false,
  },
  // Escalated complaints are driven by management around the clock (重大疑难投诉及时升级).
  'complaint-escalated': {
    id: 'complaint-escalated',
    name: { zh: '升级督办', en: 'Escalated complaint' },
    responseTargetMs: 1 * HOUR,
    resolutionTargetMs: 24 * HOUR,
    warnAtRatio: 0.5,
    calendar: '24x7',
    pauseWhileWaitingForCustomer: false,
  },
  // Callback visit (回访): an unreachable customer stops the clock.
  'complaint-callback': {
    id: 'complaint-callback',
    name: { zh: '投诉回访', en: 'Complaint callback' },
    responseTargetMs: 1 * WORKDAY,
    resolutionTargetMs: 2 * WORKDAY,
    warnAtRatio: 0.75,
    calendar: 'business',
    pauseWhileWaitingForCustomer: true,
  },
  'presales-standard': {
    id: 'presales-standard',
    name: { zh: '售前标准响应', en: 'Pre-sales, standard' },
    responseTargetMs: 1 * WORKDAY,
    resolutionTargetMs: 5 * WORKDAY,
    warnAtRatio: 0.75,
    calendar: 'business',
    pauseWhileWaitingForCustomer: true,
  },
  'presales-urgent': {
    id: 'presales-urgent',
    name: { zh: '售前紧急响应', en: 'Pre-sales, urgent' },
    responseTargetMs: 2 * HOUR,
    resolutionTargetMs: 2 * WORKDAY,
    warnAtRatio: 0.75,
    calendar: 'business',
    pauseWhileWaitingForCustomer: true,
  },
  // Signing, installation and service opening: customers ask why opening is slow (DOMAIN.md).
  'insales-standard': {
    id: 'insales-standard',
    name: { zh: '售中标准', en: 'In-sales, standard' },
    responseTargetMs: 4 * HOUR,
    resolutionTargetMs: 3 * WORKDAY,
    warnAtRatio: 0.75,
    calendar: 'business',
    pauseWhileWaitingForCustomer: true,
  },
  // Trial work waits on the customer's feedback, which stops the clock.
  'trial-standard': {
    id: 'trial-standard',
    name: { zh: '试商用标准', en: 'Product trial, standard' },
    responseTargetMs: 2 * WORKDAY,
    resolutionTargetMs: 10 * WORKDAY,
    warnAtRatio: 0.8,
    calendar: 'business',
    pauseWhileWaitingForCustomer: true,
  },
  // Internal committee work: the customer cannot hold it up.
  'trial-review': {
    id: 'trial-review',
    name: { zh: '试商用评审', en: 'Trial review' },
    responseTargetMs: 2 * WORKDAY,
    resolutionTargetMs: 10 * WORKDAY,
    warnAtRatio: 0.8,
    calendar: 'business',
    pauseWhileWaitingForCustomer: false,
  },
  'marketing-standard': {
    id: 'marketing-standard',
    name: { zh: '营销推广标准', en: 'Marketing, standard' },
    responseTargetMs: 2 * WORKDAY,
    resolutionTargetMs: 10 * WORKDAY,
    warnAtRatio: 0.8,
    calendar: 'business',
    pauseWhileWaitingForCustomer: false,
  },
  'care-visit': {
    id: 'care-visit',
    name: { zh: '关键人关怀拜访', en: 'Key-person care visit' },
    responseTargetMs: 5 * WORKDAY,
    resolutionTargetMs: 10 * WORKDAY,
    warnAtRatio: 0.75,
    calendar: 'business',
    pauseWhileWaitingForCustomer: true,
  },
  // One round of the quarterly key-person care plan.
  'care-quarterly': {
    id: 'care-quarterly',
    name: { zh: '关键人季度关怀', en: 'Quarterly key-person care' },
    responseTargetMs: 5 * WORKDAY,
    resolutionTargetMs: 20 * WORKDAY,
    warnAtRatio: 0.75,
    calendar: 'business',
    pauseWhileWaitingForCustomer: true,
  },
};

/** The default policies, validated at load, in the order of `DEFAULT_SLA_POLICY_IDS`. */
export const DEFAULT_SLA_POLICIES: readonly SlaPolicy[] = DEFAULT_SLA_POLICY_IDS.map((id) =>
  slaPolicySchema.parse(policies[id]),
);

/**
 * The policy with this id among `available` (the defaults unless given); throws naming the known ids
 * when there is none, so a model with a mistyped `slaPolicy` header fails with a clear incident.
 */
export function findSlaPolicy(id: string, available: readonly SlaPolicy[] = DEFAULT_SLA_POLICIES): SlaPolicy {
  const policy = available.find((p) => p.id === id);
  if (!policy) {
    throw new Error(`Unknown SLA policy "${String(id)}"; known: ${available.map((p) => p.id).join(', ')}`);
  }
  return policy;
}

/**
 * The policy for a job: a process variable `slaPolicy` (e.g. the complaint-routing decision's output)
 * wins over the `slaPolicy` header, which then only names the model's default.
 */
export function selectSlaPolicy(
  source: { variable?: unknown; header?: unknown },
  available: readonly SlaPolicy[] = DEFAULT_SLA_POLICIES,
): SlaPolicy {
  const id = [source.variable, source.header].find((v): v is string => typeof v === 'string' && v !== '');
  if (id === undefined)
    throw new Error('No SLA policy: neither a slaPolicy variable nor a slaPolicy header is set');
  return findSlaPolicy(id, available);
}
