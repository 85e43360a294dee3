import type { Role } from '../../../models/staff';

/** The logged-in account as the API sees it on this request: read from the staff record, not the token. */
export interface Principal {
  username: string;
  roles: Role[];
  /** City company, or null for the province company (sees every city). */
  city: string | null;
  teams: string[];
}

/** Province staff see every city; city staff only their own. */
export function seesAllCities(principal: Principal): boolean {
  return principal.city === null;
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return principal.roles.some((role) => roles.includes(role));
}

/** A Mongo filter on a `city` field limiting rows to what the principal may see (empty for province staff). */
export function cityFilter(principal: Principal, field = 'city'): Record<string, unknown> {
  return seesAllCities(principal) ? {} : { [field]: principal.city };
}
