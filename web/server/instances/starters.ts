import type { Role } from '../../../models/staff';

/**
 * Who may start which process (DOMAIN.md): the roles that own the first step. A process not listed here
 * (a newly deployed one) may be started by managers until it is added.
 */
export const PROCESS_STARTERS: Record<string, readonly Role[]> = {
  'requirement-mining': ['account-manager', 'industry-manager', 'manager'],
  'solution-design': ['industry-manager', 'account-manager', 'manager'],
  'product-trial': ['product-manager', 'manager'],
  'marketing-campaign': ['product-manager', 'business-manager', 'manager'],
  'complaint-handling': ['complaint-handler', 'account-manager', 'manager'],
  'key-customer-care': ['account-manager', 'manager'],
  'group-customer-project': ['account-manager', 'manager'],
};

export const DEFAULT_STARTERS: readonly Role[] = ['manager'];

export function startersOf(bpmnProcessId: string): readonly Role[] {
  return PROCESS_STARTERS[bpmnProcessId] ?? DEFAULT_STARTERS;
}
