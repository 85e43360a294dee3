/** The administrator's client: accounts, departures, the audit log, open incidents. */
import { api, query } from '../core/http';

export interface StaffRow {
  username: string;
  displayName: { zh: string; en: string };
  roles: string[];
  city: string | null;
  level: string;
  teams: string[];
  active: boolean;
}

export const listStaff = () => api<StaffRow[]>('GET', '/api/staff');
export const recordDeparture = (username: string) => api<unknown>('POST', '/api/hr/departures', { username });
export const auditLog = () =>
  api<{ id: string; at: string; action: string; actor: string; subject: string | null }[]>(
    'GET',
    `/api/audit${query({ limit: 50 })}`,
  );
export const openIncidents = () =>
  api<{ key: string; processInstanceKey: string; errorMessage: string; elementId?: string }[]>(
    'GET',
    '/api/incidents',
  );
