import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { ApiDeps } from '../api-deps';
import { AppError } from '../app-error';
import { route, type ApiRoute } from '../http/route';
import { login, refresh } from './auth.service';

const credentials = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(200),
});
const user = z.object({ username: z.string(), roles: z.array(z.string()), city: z.string().nullable() });
const session = z.object({ token: z.string(), refreshToken: z.string(), expiresIn: z.number(), user });

/** Per IP and username: one person mistyping does not lock out the office behind the same NAT. */
export function loginLimiter(limit: number) {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) =>
      `${ipKeyGenerator(req.ip ?? '')}:${typeof req.body?.username === 'string' ? req.body.username : ''}`,
    handler: (_req, _res, next) =>
      next(new AppError(429, 'too_many_requests', 'too many login attempts; try again in a minute')),
  });
}

export function authRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route(
      {
        method: 'post',
        path: '/auth/login',
        summary: 'Log in with username and password',
        tag: 'auth',
        access: 'public',
        body: credentials,
        before: [loginLimiter(deps.loginRateLimit ?? 10)],
        responses: {
          200: { description: 'an access token, a refresh token and the account', schema: session },
          401: { description: 'unknown username, wrong password or disabled account' },
          429: { description: 'too many attempts' },
        },
      },
      ({ body, req }) => login(deps, body, req.ip),
    ),
    route(
      {
        method: 'post',
        path: '/auth/refresh',
        summary: 'Exchange a refresh token for new tokens',
        tag: 'auth',
        access: 'public',
        body: z.strictObject({ refreshToken: z.string().min(1) }),
        responses: { 200: { description: 'new tokens', schema: session } },
      },
      ({ body }) => refresh(deps, body.refreshToken),
    ),
    route(
      {
        method: 'get',
        path: '/auth/me',
        summary: 'The logged-in account',
        tag: 'auth',
        access: 'login',
        responses: {
          200: { description: 'the account', schema: user.extend({ teams: z.array(z.string()) }) },
        },
      },
      async ({ principal }) => principal,
    ),
  ];
}
