import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import type { Role } from '../../../models/staff';
import { AppError } from '../app-error';
import { hasAnyRole, type Principal } from './principal';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One documented response of a route; `schema` is JSON (default), or `contentType` names another body. */
export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
}

/**
 * One endpoint: what the OpenAPI document says and what the server enforces come from this one object
 * (path, roles, input schemas), so they cannot drift apart.
 */
export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  method: Method;
  /** Express path below `/api`, e.g. `/tasks/:id`. */
  path: string;
  summary: string;
  tag: string;
  /** `public`: no login (health, login, surveys); otherwise a valid token of an active account. */
  access: 'public' | 'login';
  /** Roles any one of which may call it; absent: every logged-in account. */
  roles?: readonly Role[];
  body?: B;
  /** A body that is a file rather than JSON (the handler reads the request stream): for the document. */
  rawBody?: { contentTypes: readonly string[]; description: string };
  query?: Q;
  params?: P;
  responses: Record<number, ResponseSpec>;
  /** Extra middleware before validation (rate limits). */
  before?: RequestHandler[];
}

/** What a handler gets: the checked input and the principal. */
export interface RouteContext<B, Q, P> {
  principal: Principal;
  body: B;
  query: Q;
  params: P;
  req: Request;
  res: Response;
}

/** A handler returns the JSON body of the first 2xx response, or nothing when it wrote the response itself. */
export type RouteHandler<B, Q, P> = (ctx: RouteContext<B, Q, P>) => Promise<unknown>;

export interface ApiRoute {
  spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>;
  handler: RouteHandler<unknown, unknown, unknown>;
}

/** Declares a route; input types are inferred from its schemas. */
export function route<
  B extends z.ZodType = z.ZodUnknown,
  Q extends z.ZodType = z.ZodUnknown,
  P extends z.ZodType = z.ZodUnknown,
>(spec: RouteSpec<B, Q, P>, handler: RouteHandler<z.output<B>, z.output<Q>, z.output<P>>): ApiRoute {
  return { spec, handler } as unknown as ApiRoute;
}

function parseInput(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return value;
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    throw new AppError(
      400,
      'invalid_input',
      `the request ${where} does not have the expected shape`,
      parsed.error.issues.map((i) => ({ path: [where, ...i.path].join('.'), message: i.message })),
    );
  }
  return parsed.data;
}

/** Mounts routes on a router: authentication, roles, input validation, then the handler. */
export function mountRoutes(router: Router, routes: ApiRoute[], authenticate: RequestHandler): void {
  for (const { spec, handler } of routes) {
    const success = Number(Object.keys(spec.responses).find((s) => s.startsWith('2')) ?? 200);
    const guards: RequestHandler[] = [...(spec.before ?? [])];
    if (spec.access === 'login') {
      guards.push(authenticate);
      if (spec.roles) {
        const roles = spec.roles;
        guards.push((req, _res, next) => {
          const principal = req.principal!;
          next(
            hasAnyRole(principal, roles)
              ? undefined
              : new AppError(403, 'forbidden', `this needs one of the roles: ${roles.join(', ')}`),
          );
        });
      }
    }
    router[spec.method](spec.path, ...guards, async (req: Request, res: Response) => {
      const ctx: RouteContext<unknown, unknown, unknown> = {
        principal: req.principal ?? { username: '', roles: [], city: null, teams: [] },
        params: parseInput(spec.params, req.params, 'path'),
        query: parseInput(spec.query, req.query, 'query'),
        body: spec.body ? parseInput(spec.body, req.body, 'body') : undefined,
        req,
        res,
      };
      const result = await handler(ctx);
      if (res.headersSent) return;
      if (result === undefined) res.status(success === 200 ? 204 : success).end();
      else res.status(success).json(result);
    });
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by the authentication middleware. */
    principal?: Principal;
  }
}
