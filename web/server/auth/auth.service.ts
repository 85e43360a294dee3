import bcrypt from 'bcryptjs';
import { staffModel } from '../../../models/staff';
import type { ApiDeps } from '../api-deps';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/audit';
import { signToken, verifyToken } from './tokens';

/** A hash to compare against when the username is unknown, so a wrong name costs as long as a wrong password. */
const NO_SUCH_ACCOUNT_HASH = bcrypt.hashSync('no such account', 10);

export interface Session {
  token: string;
  refreshToken: string;
  expiresIn: number;
  user: { username: string; roles: string[]; city: string | null };
}

function issue(deps: ApiDeps, account: { username: string; roles: string[]; city?: string | null }): Session {
  const accessTtl = deps.accessTokenTtlSeconds ?? 900;
  return {
    token: signToken(deps.jwtSecret, account.username, 'access', accessTtl),
    refreshToken: signToken(
      deps.jwtSecret,
      account.username,
      'refresh',
      deps.refreshTokenTtlSeconds ?? 8 * 3600,
    ),
    expiresIn: accessTtl,
    user: { username: account.username, roles: account.roles, city: account.city ?? null },
  };
}

/** Logs in with username and password; every attempt is audited, a failure never says which part was wrong. */
export async function login(
  deps: ApiDeps,
  input: { username: string; password: string },
  ip?: string,
): Promise<Session> {
  const account = await staffModel(deps.mongo).findOne({ username: input.username }).lean();
  const ok = await bcrypt.compare(input.password, account?.passwordHash ?? NO_SUCH_ACCOUNT_HASH);
  if (!account || !ok || !account.active) {
    await recordAudit(deps, {
      action: 'login-failed',
      actor: input.username,
      details: { reason: account && ok ? 'disabled' : 'credentials' },
      ip,
    });
    throw new AppError(401, 'invalid_credentials', 'unknown username, wrong password or disabled account');
  }
  await recordAudit(deps, { action: 'login', actor: account.username, ip });
  return issue(deps, account);
}

/** A new access token (and refresh token) for a refresh token of a still active account. */
export async function refresh(deps: ApiDeps, refreshToken: string): Promise<Session> {
  const verified = verifyToken(deps.jwtSecret, refreshToken, 'refresh');
  if ('problem' in verified) throw new AppError(401, 'invalid_token', 'the refresh token is not valid');
  const account = await staffModel(deps.mongo).findOne({ username: verified.username }).lean();
  if (!account?.active) throw new AppError(401, 'account_disabled', 'the account is disabled or unknown');
  return issue(deps, account);
}
