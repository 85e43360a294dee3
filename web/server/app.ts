import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import { errorMiddleware, notFound, storeUnavailable } from './app-error';
import { checkHealth, type HealthDeps } from './health';

export interface AppDeps extends HealthDeps {
  log: (line: string) => void;
  /** Resource routers mounted under /api (tasks, instances, …), added by their features. */
  apiRouters?: Router[];
  /** The built SPA (web/app/dist): served as static files, with index.html for every non-/api path. */
  webAppDir?: string;
}

/** The Express app: JSON API under /api. No listening here, so tests mount it on port 0. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet());
  app.use(express.json({ limit: '1mb' }));

  app.get('/api/health', async (_req, res, next) => {
    try {
      const report = await checkHealth(deps);
      res.status(report.status === 'ok' ? 200 : 503).json(report);
    } catch (err) {
      next(err);
    }
  });
  // with Mongo gone every API call would wait for the driver's buffer to time out: answer 503 at once
  app.use('/api', (_req, _res, next) => next(deps.mongo.readyState === 1 ? undefined : storeUnavailable()));
  for (const router of deps.apiRouters ?? []) app.use('/api', router);

  app.use('/api', notFound);
  if (deps.webAppDir && existsSync(path.join(deps.webAppDir, 'index.html'))) {
    const dir = deps.webAppDir;
    // hashed file names: cache for a year; index.html is revalidated so a new build is picked up
    app.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '1y' }));
    app.use(express.static(dir, { index: false }));
    app.get(/^(?!\/api(\/|$)).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(dir, 'index.html'));
    });
  }
  app.use(errorMiddleware(deps.log));
  return app;
}
