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
  'presales-standard',
  'presales-urgent',
  'trial-review',
  'care-visit',
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
  'care-visit': {
    id: 'care-visit',
    name: { zh: '关键人关怀拜访', en: 'Key-person care visit' },
    responseTargetMs: 5 * WORKDAY,
    resolutionTargetMs: 10 * WORKDAY,
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
