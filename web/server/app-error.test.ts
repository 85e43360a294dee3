import type { AddressInfo } from 'node:net';
import express from 'express';
import mongoose from 'mongoose';
import { errorMiddleware, isStoreUnavailable } from './app-error';

/** An app whose one route fails with `err`, answered by the API's error middleware. */
async function answerTo(err: Error): Promise<{ status: number; retryAfter: string | null; body: unknown }> {
  const app = express();
  app.get('/api/x', (_req, _res, next) => next(err));
  app.use(errorMiddleware(() => undefined));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/x`);
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
  } finally {
    server.close();
  }
}

describe('the API when the store or the engine cannot be reached', () => {
  it('given a Mongo network error, then 503 store_unavailable with Retry-After, not 500', async () => {
    const res = await answerTo(new mongoose.mongo.MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017'));
    expect(res).toMatchObject({
      status: 503,
      retryAfter: '5',
      body: { error: { code: 'store_unavailable' } },
    });
  });

  it('given mongoose giving up on a queued operation, then 503', async () => {
    const err = new mongoose.Error('Operation `usertasks.find()` buffering timed out after 10000ms');
    expect(isStoreUnavailable(err)).toBe(true);
    expect((await answerTo(err)).status).toBe(503);
  });

  it('given the engine unreachable after the client retries (gRPC 14), then 503 engine_unavailable, not 500', async () => {
    const err = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 });
    expect(await answerTo(err)).toMatchObject({
      status: 503,
      body: { error: { code: 'engine_unavailable' } },
    });
  });

  it("given Node's own error for a socket the store closed (the driver passes it through), then 503", async () => {
    const err = Object.assign(new Error('This socket has been ended by the other party'), { code: 'EPIPE' });
    expect(await answerTo(err)).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
  });

  it('given a Mongo server error (a bad query, a duplicate key), then still 500: the store answered', async () => {
    const err = new mongoose.mongo.MongoServerError({ message: 'E11000 duplicate key', code: 11000 });
    expect(isStoreUnavailable(err)).toBe(false);
    expect((await answerTo(err)).status).toBe(500);
  });
});
