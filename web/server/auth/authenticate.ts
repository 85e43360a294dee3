import type { Request, RequestHandler } from 'express';
import type { Connection } from 'mongoose';
import { staffModel, type Role } from '../../../models/staff';
import { AppError } from '../app-error';
import type { Principal } from '../http/principal';
import { verifyToken } from './tokens';

function bearerToken(req: Request, allowQueryToken: boolean): string | undefined {
  const header = req.get('authorization');
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  // EventSource cannot send headers: the event stream alone takes the token as a query parameter
  if (allowQueryToken && typeof req.query.access_token === 'string') return req.query.access_token;
  return undefined;
}

/**
 * Checks the access token and reads the account on every request: a disabled account (a departure) is locked
 * out on its next request, not when its token expires; roles and city come from the record, not the token.
 */
export function authenticate(deps: { mongo: Connection; jwtSecret: string }): RequestHandler {
  return async (req, _res, next) => {
    const token = bearerToken(req, req.path.startsWith('/events'));
    if (!token) return next(new AppError(401, 'unauthenticated', 'a bearer token is required'));
    const verified = verifyToken(deps.jwtSecret, token, 'access');
    if ('problem' in verified) {
      return next(
        new AppError(
          401,
          verified.problem === 'expired' ? 'token_expired' : 'invalid_token',
          verified.problem === 'expired' ? 'the token has expired' : 'the token is not valid',
        ),
      );
    }
    try {
      const account = await staffModel(deps.mongo)
        .findOne({ username: verified.username }, { username: 1, roles: 1, city: 1, teams: 1, active: 1 })
        .lean();
      if (!account || !account.active) {
        return next(new AppError(401, 'account_disabled', 'the account is disabled or unknown'));
      }
      const principal: Principal = {
        username: account.username,
        roles: account.roles as Role[],
        city: account.city ?? null,
        teams: account.teams ?? [],
      };
      req.principal = principal;
      next();
    } catch (err) {
      next(err);
    }
  };
}
