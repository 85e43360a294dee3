/**
 * Who gets a user task: the rules of docs/CONVENTIONS.md (`assignmentRule` header) applied to the
 * task's variables and the staff passed in. Pure: the caller loads staff, their open tasks and the
 * round-robin cursor, and records the decision.
 */
import type { SlaState } from '../sla/sla-policy';
import {
  defaultAssignmentRule,
  formatAssignmentRule,
  parseAssignmentRule,
  type AssignmentRule,
} from './assignment-rule';

/** Level of the organisation a person works at: a city company or the province company. */
export type StaffLevel = 'city' | 'province';

/** An open task a person holds, with its SLA urgency (`null`: the task has no SLA). */
export interface OpenTaskLoad {
  readonly taskKey?: string;
  readonly slaState: SlaState | null;
}

/** A person who may be assigned tasks, as the assignment rules see them. */
export interface StaffMember {
  readonly username: string;
  /** Candidate-group ids the person belongs to (`account-manager`, `industry-manager`, …). */
  readonly roles: readonly string[];
  /** City company (`gz`, `sz`, …); for province-level staff the city is not used for matching. */
  readonly city: string | null;
  readonly level: StaffLevel;
  /** Industry ids the person covers (industry managers). */
  readonly industries: readonly string[];
  /** Product ids the person owns (product managers). */
  readonly products: readonly string[];
  /** `false` once HR has disabled the account (departure). */
  readonly active: boolean;
  readonly onLeave: boolean;
  readonly openTasks: readonly OpenTaskLoad[];
}

/** Process variables the rules read (docs/CONVENTIONS.md). */
export interface AssignmentVariables {
  readonly customerId?: string;
  readonly industry?: string;
  readonly city?: string;
  readonly productId?: string;
  readonly accountManager?: string;
}

/** The task to assign. */
export interface AssignmentTask {
  readonly candidateGroups: readonly string[];
  /** Raw `assignmentRule` custom header; when absent the candidate groups choose the rule. */
  readonly assignmentRule?: string | undefined;
  readonly variables: AssignmentVariables;
}

/** How much one open task weighs in `least-loaded`, by its SLA urgency. */
export type UrgencyWeights = Readonly<Record<SlaState, number>>;

/** Default weights: a breached task keeps its holder busier than one at risk, and that than one on track. */
export const DEFAULT_URGENCY_WEIGHTS: UrgencyWeights = { 'on-track': 1, 'at-risk': 2, breached: 3 };

/** What the rules need besides the task. */
export interface AssignmentContext {
  readonly staff: readonly StaffMember[];
  /**
   * Username that `round-robin` chose last in this task's pool. The caller keeps one cursor per pool
   * (e.g. candidate group and city) and stores `AssignmentDecision.roundRobinCursor` back.
   */
  readonly roundRobinCursor?: string | null;
  readonly urgencyWeights?: UrgencyWeights;
}

/** A text in both UI languages. */
export interface BilingualText {
  readonly zh: string;
  readonly en: string;
}

/** The outcome, to record with the task. */
export interface AssignmentDecision {
  /** Username, or `null`: the task stays with its candidate groups. */
  readonly assignee: string | null;
  /** Header value of the rule that decided; the requested rule when nobody was found. */
  readonly rule: string;
  /** Header value of the rule the model asked for (or the default for the candidate groups). */
  readonly requestedRule: string;
  /** Whether a fallback rule decided. */
  readonly fallback: boolean;
  /** Every step taken, so the inbox and the audit can say why. */
  readonly reason: BilingualText;
  /** A manager should be told: nobody eligible was found. */
  readonly notifyManager: boolean;
  /** New round-robin cursor to store; set only when round-robin chose someone. */
  readonly roundRobinCursor?: string;
}

/**
 * Decides the assignee of a task. Staff on leave or disabled are never chosen. Fallbacks: the
 * customer's account manager and a named expert fall back to the least-loaded member of the candidate
 * groups; industry and product managers go from city to province level but never to someone without
 * the industry or product. With nobody eligible the assignee is `null` and `notifyManager` is set.
 * Ties are broken by username so that the same input always gives the same answer.
 *
 * @throws AssignmentRuleError when the `assignmentRule` header names no rule.
 */
export function decideAssignee(task: AssignmentTask, context: AssignmentContext): AssignmentDecision {
  const headerGiven = task.assignmentRule !== undefined && task.assignmentRule.trim() !== '';
  const rule = headerGiven
    ? parseAssignmentRule(task.assignmentRule)
    : defaultAssignmentRule(task.candidateGroups);
  const requestedRule = formatAssignmentRule(rule);
  const notes: BilingualText[] = [];
  if (!headerGiven) {
    notes.push({
      zh: `未设置分派规则，按候选组采用默认规则 ${requestedRule}`,
      en: `no assignmentRule header; default rule for the candidate groups: ${requestedRule}`,
    });
  }

  const chain: AssignmentRule[] =
    rule.kind === 'account-manager' || rule.kind === 'expert' ? [rule, { kind: 'least-loaded' }] : [rule];
  for (const [i, step] of chain.entries()) {
    const outcome = applyRule(step, task, context);
    notes.push(...outcome.notes);
    if (outcome.chosen) {
      return {
        assignee: outcome.chosen.username,
        rule: formatAssignmentRule(step),
        requestedRule,
        fallback: i > 0,
        reason: joinNotes(notes),
        notifyManager: false,
        ...(step.kind === 'round-robin' ? { roundRobinCursor: outcome.chosen.username } : {}),
      };
    }
  }
  notes.push({
    zh: '无符合条件的人员，任务留在候选组，已通知经理',
    en: 'nobody eligible: the task stays with its candidate groups and a manager is notified',
  });
  return {
    assignee: null,
    rule: requestedRule,
    requestedRule,
    fallback: false,
    reason: joinNotes(notes),
    notifyManager: true,
  };
}

/** Weighted load of a person's open tasks; tasks without SLA weigh as on track. */
export function weightedLoad(member: StaffMember, weights: UrgencyWeights = DEFAULT_URGENCY_WEIGHTS): number {
  return member.openTasks.reduce((sum, task) => sum + weights[task.slaState ?? 'on-track'], 0);
}

// ---------------------------------------------------------------------------------------------------

interface RuleOutcome {
  readonly chosen?: StaffMember;
  readonly notes: BilingualText[];
}

/** A group of candidates tried in order, with how to describe it. */
interface Tier {
  readonly members: readonly StaffMember[];
  readonly label: BilingualText;
}

function applyRule(rule: AssignmentRule, task: AssignmentTask, context: AssignmentContext): RuleOutcome {
  switch (rule.kind) {
    case 'account-manager':
      return accountManagerRule(task, context);
    case 'expert':
      return expertRule(rule.username, context);
    case 'industry-manager':
      return specialistRule(task, context, 'industry-manager');
    case 'product-manager':
      return specialistRule(task, context, 'product-manager');
    case 'least-loaded':
      return poolRule(task, context, 'least-loaded');
    case 'round-robin':
      return poolRule(task, context, 'round-robin');
  }
}

function accountManagerRule(task: AssignmentTask, context: AssignmentContext): RuleOutcome {
  const username = task.variables.accountManager;
  const id = task.variables.customerId;
  const customer = { zh: id ? `客户 ${id} ` : '客户', en: id ? `customer ${id}` : 'the customer' };
  if (!username) {
    return {
      notes: [{ zh: `${customer.zh}未登记客户经理`, en: `${customer.en} has no account manager on record` }],
    };
  }
  const person = context.staff.find((s) => s.username === username);
  const problem = person
    ? unavailability(person)
    : { zh: '不在人员名单中', en: 'is not a known staff member' };
  if (problem) {
    return {
      notes: [{ zh: `客户经理 ${username} ${problem.zh}`, en: `account manager ${username} ${problem.en}` }],
    };
  }
  return {
    chosen: person,
    notes: [
      { zh: `${customer.zh}的客户经理 ${username}`, en: `the customer's own account manager ${username}` },
    ],
  };
}

function expertRule(username: string, context: AssignmentContext): RuleOutcome {
  const person = context.staff.find((s) => s.username === username);
  const problem = person
    ? unavailability(person)
    : { zh: '不在人员名单中', en: 'is not a known staff member' };
  if (problem)
    return {
      notes: [{ zh: `指定专家 ${username} ${problem.zh}`, en: `named expert ${username} ${problem.en}` }],
    };
  return { chosen: person, notes: [{ zh: `指定专家 ${username}`, en: `named expert ${username}` }] };
}

/** Industry manager of the customer's industry, or product manager of the product: city first, then province. */
function specialistRule(
  task: AssignmentTask,
  context: AssignmentContext,
  role: 'industry-manager' | 'product-manager',
): RuleOutcome {
  const isIndustry = role === 'industry-manager';
  const subject = isIndustry ? task.variables.industry : task.variables.productId;
  const roleText = isIndustry
    ? { zh: `行业经理（${subject ?? '?'}）`, en: `industry manager for ${subject ?? '?'}` }
    : { zh: `产品经理（${subject ?? '?'}）`, en: `product manager of ${subject ?? '?'}` };
  if (!subject) {
    return {
      notes: [
        isIndustry
          ? {
              zh: '客户行业未知，无法匹配行业经理',
              en: "the customer's industry is unknown: no industry manager to match",
            }
          : { zh: '未指定产品，无法匹配产品经理', en: 'no productId: no product manager to match' },
      ],
    };
  }
  const specialists = context.staff.filter(
    (s) => s.roles.includes(role) && (isIndustry ? s.industries : s.products).includes(subject),
  );
  const city = task.variables.city;
  const tiers: Tier[] = [];
  if (city) {
    tiers.push({
      members: specialists.filter((s) => s.level === 'city' && s.city === city),
      label: { zh: `${city}市`, en: `in ${city}` },
    });
  }
  tiers.push({
    members: specialists.filter((s) => s.level === 'province'),
    label: { zh: '省级', en: 'at province level' },
  });
  // A product belongs to its manager wherever they sit; an industry manager serves their own city.
  if (!isIndustry) {
    tiers.push({
      members: specialists.filter((s) => s.level === 'city' && s.city !== city),
      label: { zh: '其他地市', en: 'in another city' },
    });
  }
  return pickFromTiers(tiers, roleText, context, 'least-loaded');
}

/** Least-loaded or round-robin among the candidate groups: customer's city first, then province level. */
function poolRule(
  task: AssignmentTask,
  context: AssignmentContext,
  mode: 'least-loaded' | 'round-robin',
): RuleOutcome {
  const groups = task.candidateGroups;
  const members = context.staff.filter((s) => groups.length === 0 || s.roles.some((r) => groups.includes(r)));
  const city = task.variables.city;
  const tiers: Tier[] = city
    ? [
        {
          members: members.filter((s) => s.level === 'city' && s.city === city),
          label: { zh: `${city}市`, en: `in ${city}` },
        },
        {
          members: members.filter((s) => s.level === 'province'),
          label: { zh: '省级', en: 'at province level' },
        },
      ]
    : [
        {
          members: members.filter((s) => s.level === 'province'),
          label: { zh: '省级（客户地市未知）', en: 'at province level (customer city unknown)' },
        },
        { members: members.filter((s) => s.level === 'city'), label: { zh: '各地市', en: 'in any city' } },
      ];
  const groupText = groups.length > 0 ? groups.join(', ') : '*';
  const who = { zh: `候选组 ${groupText} 成员`, en: `member of ${groupText}` };
  return pickFromTiers(tiers, who, context, mode);
}

function pickFromTiers(
  tiers: readonly Tier[],
  who: BilingualText,
  context: AssignmentContext,
  mode: 'least-loaded' | 'round-robin',
): RuleOutcome {
  const notes: BilingualText[] = [];
  const weights = context.urgencyWeights ?? DEFAULT_URGENCY_WEIGHTS;
  for (const tier of tiers) {
    const eligible = tier.members.filter((s) => !unavailability(s));
    const skipped = tier.members.filter((s) => unavailability(s));
    const skippedText = skipped.length > 0 ? describeSkipped(skipped) : undefined;
    if (eligible.length === 0) {
      notes.push({
        zh: `${tier.label.zh}无可用的${who.zh}${skippedText ? `（${skippedText.zh}）` : ''}`,
        en: `no available ${who.en} ${tier.label.en}${skippedText ? ` (${skippedText.en})` : ''}`,
      });
      continue;
    }
    const chosen =
      mode === 'round-robin'
        ? nextInTurn(eligible, context.roundRobinCursor)
        : leastLoaded(eligible, weights);
    const how =
      mode === 'round-robin'
        ? {
            zh: `轮转：${eligible.length} 人中的 ${chosen.username}`,
            en: `round-robin: ${chosen.username} of ${eligible.length}`,
          }
        : {
            zh: `负载最低：${chosen.username}（加权负载 ${weightedLoad(chosen, weights)}）`,
            en: `least loaded: ${chosen.username} (weighted load ${weightedLoad(chosen, weights)})`,
          };
    notes.push({
      zh: `${tier.label.zh}${who.zh}，${how.zh}${skippedText ? `；${skippedText.zh}` : ''}`,
      en: `${who.en} ${tier.label.en}, ${how.en}${skippedText ? `; ${skippedText.en}` : ''}`,
    });
    return { chosen, notes };
  }
  return { notes };
}

/** Lowest weighted load, then fewest open tasks, then username. */
function leastLoaded(candidates: readonly StaffMember[], weights: UrgencyWeights): StaffMember {
  const ranked = [...candidates].sort(
    (a, b) =>
      weightedLoad(a, weights) - weightedLoad(b, weights) ||
      a.openTasks.length - b.openTasks.length ||
      compareUsernames(a.username, b.username),
  );
  return ranked[0]!;
}

/** The first username after the cursor in username order, wrapping around. */
function nextInTurn(candidates: readonly StaffMember[], cursor: string | null | undefined): StaffMember {
  const ordered = [...candidates].sort((a, b) => compareUsernames(a.username, b.username));
  const next = cursor ? ordered.find((s) => compareUsernames(s.username, cursor) > 0) : undefined;
  return next ?? ordered[0]!;
}

// Code-unit order, not localeCompare: the answer must not depend on the server's locale.
function compareUsernames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function unavailability(person: StaffMember): BilingualText | undefined {
  if (!person.active) return { zh: '账号已停用', en: 'is disabled' };
  if (person.onLeave) return { zh: '休假中', en: 'is on leave' };
  return undefined;
}

function describeSkipped(skipped: readonly StaffMember[]): BilingualText {
  const sorted = [...skipped].sort((a, b) => compareUsernames(a.username, b.username));
  return {
    zh: `跳过 ${sorted.map((s) => `${s.username}（${unavailability(s)?.zh}）`).join('、')}`,
    en: `skipped ${sorted.map((s) => `${s.username} (${unavailability(s)?.en})`).join(', ')}`,
  };
}

function joinNotes(notes: readonly BilingualText[]): BilingualText {
  return { zh: notes.map((n) => n.zh).join('；'), en: notes.map((n) => n.en).join('; ') };
}
