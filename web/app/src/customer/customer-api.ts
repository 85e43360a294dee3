/** The customer view's client: customers and starting a process for one. */
import { api, query } from '../core/http';

export interface CustomerSummary {
  id: string;
  name: { zh: string; en: string };
  industry: string;
  city: string;
  accountManager: string | null;
  keyCustomer: boolean;
}

export interface CustomerView extends CustomerSummary {
  people: { name: string; title: string; careLevel: string }[];
  services: string[];
  touches: Record<string, unknown>[];
  openProcesses: Record<string, unknown>[];
  cases: Record<string, unknown>[];
}

export const listCustomers = (q?: string) =>
  api<CustomerSummary[]>('GET', `/api/customers${query({ q, limit: 100 })}`);
export const getCustomer = (id: string) =>
  api<CustomerView>('GET', `/api/customers/${encodeURIComponent(id)}`);
export const startInstance = (bpmnProcessId: string, variables: Record<string, unknown>) =>
  api<{ processInstanceKey: string }>('POST', '/api/instances', { bpmnProcessId, variables });

/** A deployed form-js schema (a start form or a task form) by its id. */
export const getForm = (id: string) =>
  api<{ id: string; schema: Record<string, unknown> }>('GET', `/api/forms/${encodeURIComponent(id)}`);

/**
 * Processes started for one customer: the roles that may start them (the API enforces the same) and the
 * form of their start event (processes/<id>/), with what the customer record fills in beyond the basics.
 */
export const CUSTOMER_PROCESSES: {
  id: string;
  roles: string[];
  startForm: string;
  prefill?: (c: CustomerView) => Record<string, unknown>;
}[] = [
  {
    id: 'requirement-mining',
    roles: ['account-manager', 'industry-manager', 'manager'],
    startForm: 'requirement-intake',
  },
  {
    id: 'complaint-handling',
    roles: ['complaint-handler', 'account-manager', 'manager'],
    startForm: 'complaint-intake',
  },
  {
    id: 'key-customer-care',
    roles: ['account-manager', 'manager'],
    startForm: 'key-customer-care-start',
    prefill: (c) => ({ cityFilter: c.city }),
  },
];
