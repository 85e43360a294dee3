import bcrypt from 'bcryptjs';
import { staffModel } from '../../models/staff';
import { DEMO_PASSWORD } from '../support/api-client';
import { FORM_ANSWERS } from '../support/complaint-path';
import { percentile, sleep } from '../support/percentiles';
import { reconcile, startComplaints, type DrillResult, type DrillStack } from './drill-stack';

/** Staff of the crowd: readers only look at their inbox; completers take their tasks and complete them. */
async function seedCrowd(d: DrillStack, readers: number, completers: number) {
  const passwordHash = await bcrypt.hash(DEMO_PASSWORD, 10);
  const person = (username: string, roles: string[]) => ({
    username,
    passwordHash,
    displayName: { zh: username, en: username },
    roles,
    city: 'gz',
    level: 'city',
    active: true,
    onLeave: false,
    managerUsername: 'manager.gz',
  });
  const staff = [
    ...Array.from({ length: readers }, (_, i) => person(`reader.${i}`, ['business-manager'])),
    ...Array.from({ length: completers }, (_, i) =>
      person(`completer.${i}`, [i % 2 ? 'support-engineer' : 'complaint-handler']),
    ),
  ];
  await staffModel(d.sut.db).insertMany(staff);
  return staff.map((s) => s.username);
}

/**
 * 200 users on their inboxes and 50 completing their tasks for 60 s while complaints arrive: every answer
 * is the expected one (error rate 0) and no task is completed twice, though each completer sends every
 * completion twice at once (the second must be refused with 409).
 */
export async function inboxCrowd(
  d: DrillStack,
  size: { readers: number; completers: number; seconds: number },
): Promise<DrillResult> {
  const users = await seedCrowd(d, size.readers, size.completers);
  for (let i = 0; i < users.length; i += 20)
    await Promise.all(users.slice(i, i + 20).map((u) => d.api.token(u)));
  const until = Date.now() + size.seconds * 1000;
  let requests = 0;
  let errors = 0;
  const errorKinds = new Map<string, number>();
  const accepted = new Map<string, number>();
  const fail = (what: string) => {
    errors++;
    errorKinds.set(what, (errorKinds.get(what) ?? 0) + 1);
  };
  const inboxMs: number[] = [];
  const call = async (method: string, path: string, as: string, body?: unknown) => {
    requests++;
    const res = await d.api
      .request(method, path, { as, body })
      .catch((err: Error) => ({ status: 0, body: err.message, ms: 0 }));
    if (method === 'GET' && res.status === 200) inboxMs.push(res.ms);
    return res;
  };
  const reader = async (u: string) => {
    for (let n = 0; Date.now() < until; n++) {
      const res = await call('GET', `/api/tasks?scope=${n % 2 ? 'candidate' : 'mine'}`, u);
      if (res.status !== 200) fail(`inbox ${res.status}`);
      await sleep(250);
    }
  };
  const completer = async (u: string) => {
    while (Date.now() < until) {
      const inbox = await call('GET', '/api/tasks?scope=mine', u);
      if (inbox.status !== 200) fail(`inbox ${inbox.status}`);
      for (const t of (Array.isArray(inbox.body) ? inbox.body : []) as { id: string; elementId: string }[]) {
        const body = { variables: FORM_ANSWERS[t.elementId] ?? {} };
        const twice = await Promise.all([
          call('POST', `/api/tasks/${t.id}/complete`, u, body),
          call('POST', `/api/tasks/${t.id}/complete`, u, body),
        ]);
        for (const r of twice) {
          if (r.status === 204) accepted.set(t.id, (accepted.get(t.id) ?? 0) + 1);
          else if (r.status !== 409) fail(`complete ${r.status}`);
        }
      }
      await sleep(250);
    }
  };
  const arrivals = startComplaints(d.sut, Math.floor(size.seconds * 2), 2);
  await Promise.all([
    ...users.slice(0, size.readers).map(reader),
    ...users.slice(size.readers).map(completer),
  ]);
  const keys = await arrivals;
  // the broker's account: every completion it took came through exactly one accepted API call, and every
  // accepted call is a completion it took (a 204 for a task the engine never completed would be a lie)
  const r = await reconcile(d, keys, 120_000);
  const acceptedInRun = [...accepted.keys()];
  const acceptedNotCompleted = acceptedInRun.filter((id) => !r.tasksCompleted.has(id)).length;
  const completedNotAccepted = [...r.tasksCompleted].filter((id) => !accepted.has(id)).length;
  const twice = [...accepted.values()].filter((n) => n > 1).length;
  const kinds = [...errorKinds].map(([k, n]) => `${k}×${n}`).join(', ');
  const ok =
    errors === 0 &&
    twice === 0 &&
    accepted.size > 0 &&
    acceptedNotCompleted === 0 &&
    completedNotAccepted === 0 &&
    r.agree &&
    r.incidentsLeftOpen === 0;
  return {
    name: `${size.readers} inbox users + ${size.completers} completing for ${size.seconds} s`,
    outcome: ok ? 'PASS' : 'FAIL',
    counts:
      `${requests} requests (inbox p50 ${Math.round(percentile(inboxMs, 50))} ms, p95 ${Math.round(percentile(inboxMs, 95))} ms), ${errors} errors (rate ${((100 * errors) / Math.max(1, requests)).toFixed(2)} %${kinds ? `: ${kinds}` : ''}); ` +
      `${accepted.size} tasks completed through the API (each sent twice at once), ${twice} accepted twice; ` +
      `${keys.length} complaints arrived; ${r.text}; accepted but not completed by the broker ${acceptedNotCompleted}, ` +
      `completed by the broker without an accepted call ${completedNotAccepted}`,
  };
}
