import { residentMemory } from '../support/resident-memory';
import { sleep } from '../support/percentiles';
import type { DrillResult, DrillStack } from './drill-stack';

interface BadRequest {
  kind: string;
  expected: number[];
  send(base: string, token: string): Promise<number>;
}

const post = (url: string, body: string, headers: Record<string, string>) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then(
    async (r) => (await r.arrayBuffer(), r.status),
  );
const get = (url: string, headers: Record<string, string>) =>
  fetch(url, { headers }).then(async (r) => (await r.arrayBuffer(), r.status));

const OVERSIZED = JSON.stringify({ variables: { note: 'x'.repeat(1_100_000) } });

/** The kinds of bad input, each with the statuses API.md gives it. */
const BAD_REQUESTS: BadRequest[] = [
  {
    kind: 'malformed JSON',
    expected: [400],
    send: (b, t) => post(`${b}/api/tasks/1/complete`, '{"variables": {', { authorization: `Bearer ${t}` }),
  },
  {
    kind: 'oversized body',
    expected: [413],
    send: (b, t) => post(`${b}/api/tasks/1/complete`, OVERSIZED, { authorization: `Bearer ${t}` }),
  },
  {
    kind: 'operator injection',
    expected: [400],
    send: async (b, t) =>
      Math.max(
        await get(`${b}/api/tasks?scope[$ne]=mine`, { authorization: `Bearer ${t}` }),
        await post(`${b}/api/tasks/1/complete`, JSON.stringify({ variables: { $where: 'sleep(1000)' } }), {
          authorization: `Bearer ${t}`,
        }),
      ),
  },
  {
    kind: 'invalid token',
    expected: [401],
    send: (b, t) => get(`${b}/api/tasks?scope=mine`, { authorization: `Bearer ${t.slice(0, -4)}AAAA` }),
  },
  {
    kind: 'invalid BPMN',
    expected: [422],
    send: (b, t) =>
      post(
        `${b}/api/processes`,
        JSON.stringify({ name: 'broken.bpmn', xml: '<definitions><process id="x">' }),
        {
          authorization: `Bearer ${t}`,
        },
      ),
  },
];

/**
 * 10,000 bad requests (the five kinds in turn, 20 at a time) after a warm-up round: every one refused with
 * its status, the server up after, and its resident memory back near where the warm server started.
 */
export async function badInputAtVolume(d: DrillStack, size: { requests: number }): Promise<DrillResult> {
  const token = await d.api.token('designer');
  const webPids = [d.web.proc.pid];
  const wrong = new Map<string, number>();
  const byKind = new Map<string, number>();
  const round = async (count: number) => {
    let next = 0;
    const lane = async () => {
      while (next < count) {
        const bad = BAD_REQUESTS[next++ % BAD_REQUESTS.length]!;
        const status = await bad.send(d.api.baseUrl, token).catch(() => 0);
        byKind.set(bad.kind, (byKind.get(bad.kind) ?? 0) + 1);
        if (!bad.expected.includes(status))
          wrong.set(`${bad.kind} → ${status}`, (wrong.get(`${bad.kind} → ${status}`) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 20 }, lane));
  };
  // the baseline is the warm server: a fresh one has not yet loaded the code paths and buffers bad input
  // takes (its RSS grew from 140 to 236 MB on the first 10,000 and stayed, which says nothing about a leak)
  const warmUp = Math.min(1000, Math.ceil(size.requests / 10));
  await round(warmUp);
  await sleep(5000);
  const baseline = residentMemory(webPids);
  await round(size.requests);
  const peak = residentMemory(webPids);
  await sleep(15_000);
  const after = residentMemory(webPids);
  const health = await d.api.request('GET', '/api/health').catch(() => ({ status: 0 }));
  const up = !d.web.proc.hasExited() && health.status === 200;
  const back = after <= baseline * 1.25 + 30 * 2 ** 20;
  const mb = (n: number) => `${Math.round(n / 2 ** 20)} MB`;
  const wrongText = [...wrong].map(([k, n]) => `${k} ×${n}`).join(', ');
  return {
    name: `bad input at volume (${size.requests} requests after ${warmUp} to warm up)`,
    outcome: wrong.size === 0 && up && back ? 'PASS' : 'FAIL',
    counts:
      `${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}; wrong statuses: ${wrongText || 'none'}; ` +
      `server up: ${up} (health ${health.status}); web RSS warm ${mb(baseline)} → peak ${mb(peak)} → ${mb(after)} 15 s later`,
  };
}
