/**
 * The `assignmentRule` custom header of user tasks (docs/CONVENTIONS.md): its values, its parsing and
 * the rule a task gets when its model sets none.
 */
import { z } from 'zod';

/** Rules named by a plain header value. */
export const SIMPLE_ASSIGNMENT_RULES = [
  'account-manager',
  'industry-manager',
  'product-manager',
  'least-loaded',
  'round-robin',
] as const;

/** Header value of a rule without an argument. */
export type SimpleAssignmentRuleName = (typeof SIMPLE_ASSIGNMENT_RULES)[number];

/** A parsed assignment rule. */
export type AssignmentRule =
  { readonly kind: SimpleAssignmentRuleName } | { readonly kind: 'expert'; readonly username: string };

/** Kind of a rule: the simple names plus `expert`. */
export type AssignmentRuleKind = AssignmentRule['kind'];

const EXPERT_PREFIX = 'expert:';
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]*$/;
const ALLOWED = [...SIMPLE_ASSIGNMENT_RULES, `${EXPERT_PREFIX}<username>`].join(', ');

/** Schema of the header value; parses into an `AssignmentRule`. */
export const assignmentRuleHeaderSchema = z
  .string({ error: `assignmentRule must be a string, one of: ${ALLOWED}` })
  .trim()
  .transform((value, ctx): AssignmentRule => {
    if ((SIMPLE_ASSIGNMENT_RULES as readonly string[]).includes(value)) {
      return { kind: value as SimpleAssignmentRuleName };
    }
    if (value.startsWith(EXPERT_PREFIX)) {
      const username = value.slice(EXPERT_PREFIX.length).trim();
      if (USERNAME.test(username)) return { kind: 'expert', username };
      ctx.addIssue({
        code: 'custom',
        message: `assignmentRule "${value}": expert needs a username after "${EXPERT_PREFIX}" (letters, digits, . _ @ -)`,
      });
      return z.NEVER;
    }
    ctx.addIssue({
      code: 'custom',
      message: `Unknown assignmentRule "${value}"; expected one of: ${ALLOWED}`,
    });
    return z.NEVER;
  });

/**
 * Thrown for a header that names no rule. A configuration error in the model: the worker should fail the
 * job without retries so an incident shows the message.
 */
export class AssignmentRuleError extends Error {
  readonly code = 'INVALID_ASSIGNMENT_RULE';
  override readonly name = 'AssignmentRuleError';
}

/** Parses the header value; throws `AssignmentRuleError` with the allowed values on anything else. */
export function parseAssignmentRule(header: unknown): AssignmentRule {
  const parsed = assignmentRuleHeaderSchema.safeParse(header);
  if (!parsed.success) {
    throw new AssignmentRuleError(parsed.error.issues.map((issue) => issue.message).join('; '));
  }
  return parsed.data;
}

/** The header value of a rule, e.g. `expert:wangwu`. */
export function formatAssignmentRule(rule: AssignmentRule): string {
  return rule.kind === 'expert' ? `${EXPERT_PREFIX}${rule.username}` : rule.kind;
}

/**
 * The rule for a task whose model sets no header: a role group with its own rule uses it (the customer's
 * account manager for `account-manager`, and so on), any other group gets the least-loaded member.
 */
export function defaultAssignmentRule(candidateGroups: readonly string[]): AssignmentRule {
  for (const kind of ['account-manager', 'industry-manager', 'product-manager'] as const) {
    if (candidateGroups.includes(kind)) return { kind };
  }
  return { kind: 'least-loaded' };
}
