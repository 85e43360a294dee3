/**
 * The route table: path pattern, who may use it, and the screen's module, imported on demand so that each
 * screen's code (bpmn-js, form-js, ECharts) is its own chunk: the inbox never loads the modeler.
 */
import type { Screen } from '../core/screen';
import type { MessageKey } from '../i18n/zh-CN';

export interface RouteDef {
  pattern: string;
  load: () => Promise<{ screen: Screen }>;
  /** Roles any one of which may use it; absent: every logged-in account. */
  roles?: string[];
  /** Shown in the header's navigation under this label. */
  nav?: MessageKey;
  public?: boolean;
}

export const STAFF_ROLES = [
  'account-manager',
  'industry-manager',
  'product-manager',
  'support-engineer',
  'complaint-handler',
  'review-committee',
  'business-manager',
  'manager',
];
export const CUSTOMER_ROLES = [
  'account-manager',
  'industry-manager',
  'product-manager',
  'complaint-handler',
  'business-manager',
  'manager',
  'admin',
];
export const DASHBOARD_ROLES = ['manager', 'business-manager', 'admin'];

export const ROUTES: RouteDef[] = [
  { pattern: '/survey/:token', load: () => import('../survey/survey-screen'), public: true },
  { pattern: '/inbox', load: () => import('../inbox/inbox-screen'), roles: STAFF_ROLES, nav: 'nav.inbox' },
  { pattern: '/tasks/:id', load: () => import('../inbox/inbox-screen'), roles: STAFF_ROLES },
  {
    pattern: '/customers',
    load: () => import('../customer/customer-screen'),
    roles: CUSTOMER_ROLES,
    nav: 'nav.customers',
  },
  { pattern: '/customers/:id', load: () => import('../customer/customer-screen'), roles: CUSTOMER_ROLES },
  {
    pattern: '/dashboard',
    load: () => import('../dashboard/dashboard-screen'),
    roles: DASHBOARD_ROLES,
    nav: 'nav.dashboard',
  },
  {
    pattern: '/modeler',
    load: () => import('../modeler/modeler-screen'),
    roles: ['process-designer'],
    nav: 'nav.modeler',
  },
  { pattern: '/instances', load: () => import('../instance/instance-list-screen'), nav: 'nav.instances' },
  { pattern: '/instances/:key', load: () => import('../instance/instance-screen') },
  { pattern: '/admin', load: () => import('../admin/admin-screen'), roles: ['admin'], nav: 'nav.admin' },
];

/** The route matching `path`, with its parameters. */
export function matchRoute(path: string): { route: RouteDef; params: Record<string, string> } | null {
  const parts = path.split('/').filter(Boolean);
  for (const route of ROUTES) {
    const pattern = route.pattern.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((p, i) => {
      if (p.startsWith(':')) {
        params[p.slice(1)] = decodeURIComponent(parts[i]!);
        return true;
      }
      return p === parts[i];
    });
    if (ok) return { route, params };
  }
  return null;
}

/** Where an account lands after login. */
export function homeOf(roles: string[]): string {
  if (roles.includes('process-designer')) return '/modeler';
  if (roles.includes('admin')) return '/admin';
  if (roles.includes('manager') || roles.includes('business-manager')) return '/dashboard';
  return '/inbox';
}
