import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { answerSurvey, getSurvey, type SurveyDeps } from './survey.service';

/**
 * The public survey endpoints, without login: the token is the credential. Rate-limited per client
 * address, because a public endpoint keyed by a secret invites guessing.
 */
export function createSurveyRouter(
  deps: SurveyDeps,
  options: { windowMs?: number; limit?: number } = {},
): Router {
  const router = Router();
  const limiter = rateLimit({
    windowMs: options.windowMs ?? 15 * 60 * 1000,
    limit: options.limit ?? 30,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      res
        .status(429)
        .json({ error: { code: 'too_many_requests', message: 'too many requests', details: [] } });
    },
  });
  router.get('/surveys/:token', limiter, async (req, res, next) => {
    try {
      res.json(await getSurvey(deps, String(req.params.token)));
    } catch (err) {
      next(err);
    }
  });
  router.post('/surveys/:token', limiter, async (req, res, next) => {
    try {
      res.status(201).json(await answerSurvey(deps, String(req.params.token), req.body));
    } catch (err) {
      next(err);
    }
  });
  return router;
}
