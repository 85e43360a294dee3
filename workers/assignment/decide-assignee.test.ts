import type { SlaState } from '../sla/sla-policy';
import { AssignmentRuleError } from './assignment-rule';
import {
  decideAssignee,
  weightedLoad,
  type AssignmentTask,
  type OpenTaskLoad,
  type StaffMember,
} from './decide-assignee';

function person(username: string, overrides: Partial<StaffMember> = {}): StaffMember {
  return {
    username,
    roles: ['account-manager'],
    city: 'gz',
    level: 'city',
    industries: [],
    products: [],
    active: true,
    onLeave: false,
    openTasks: [],
    ...overrides,
  };
}

function open(count: number, slaState: SlaState | null = 'on-track'): OpenTaskLoad[] {
  return Array.from({ length: count }, () => ({ slaState }));
}

function task(overrides: Partial<AssignmentTask> = {}): AssignmentTask {
  return {
    candidateGroups: ['account-manager'],
    assignmentRule: 'least-loaded',
    variables: { customerId: '91440101MA59XXXX0X', city: 'gz' },
    ...overrides,
  };
}

describe('decideAssignee: account-manager', () => {
  const rule = { assignmentRule: 'account-manager' };
  const staff = [
    person('amy', { openTasks: open(5) }),
    person('bob', { openTasks: open(1) }),
    person('sz-carl', { city: 'sz' }),
  ];

  it("given the customer's own account manager is available, then they get the task", () => {
    const decision = decideAssignee(
      task({ ...rule, variables: { customerId: '91440101MA59XXXX0X', city: 'gz', accountManager: 'amy' } }),
      { staff },
    );
    expect(decision).toMatchObject({
      assignee: 'amy',
      rule: 'account-manager',
      requestedRule: 'account-manager',
      fallback: false,
      notifyManager: false,
    });
    expect(decision.reason.en).toBe("the customer's own account manager amy");
    expect(decision.reason.zh).toBe('客户 91440101MA59XXXX0X 的客户经理 amy');
  });

  it.each([
    ['on leave', { onLeave: true }, 'is on leave'],
    ['disabled after a departure', { active: false }, 'is disabled'],
  ])(
    'given the account manager is %s, then the least-loaded colleague in the city takes over',
    (_, change, why) => {
      const withAmyAway = staff.map((s) => (s.username === 'amy' ? { ...s, ...change, openTasks: [] } : s));
      const decision = decideAssignee(task({ ...rule, variables: { city: 'gz', accountManager: 'amy' } }), {
        staff: withAmyAway,
      });
      expect(decision).toMatchObject({
        assignee: 'bob',
        rule: 'least-loaded',
        fallback: true,
        notifyManager: false,
      });
      expect(decision.reason.en).toContain(`account manager amy ${why}`);
    },
  );

  it('given no account manager on record or an unknown one, then the rule falls back', () => {
    expect(decideAssignee(task({ ...rule, variables: { city: 'gz' } }), { staff }).assignee).toBe('bob');
    const unknown = decideAssignee(task({ ...rule, variables: { city: 'gz', accountManager: 'ghost' } }), {
      staff,
    });
    expect(unknown).toMatchObject({ assignee: 'bob', fallback: true });
    expect(unknown.reason.en).toContain('account manager ghost is not a known staff member');
  });

  it('given nobody in the city or province can take it, then it stays with the group and a manager is told', () => {
    const decision = decideAssignee(task({ ...rule, variables: { city: 'fs', accountManager: 'amy' } }), {
      staff: [person('amy', { onLeave: true })],
    });
    expect(decision).toMatchObject({ assignee: null, rule: 'account-manager', notifyManager: true });
    expect(decision.reason.en).toMatch(/nobody eligible: the task stays with its candidate groups/);
    expect(decision.reason.zh).toMatch(/任务留在候选组/);
  });
});

describe('decideAssignee: industry-manager', () => {
  const im = (username: string, overrides: Partial<StaffMember>): StaffMember =>
    person(username, { roles: ['industry-manager'], industries: ['healthcare'], ...overrides });
  const staff = [
    im('gz-health', { city: 'gz' }),
    im('sz-health', { city: 'sz' }),
    im('prov-health', { level: 'province', city: 'gz' }),
    im('gz-finance', { city: 'gz', industries: ['finance'] }),
  ];
  const t = (variables: AssignmentTask['variables']): AssignmentTask =>
    task({ candidateGroups: ['industry-manager'], assignmentRule: 'industry-manager', variables });

  it("given a city-level manager of the customer's industry in the customer's city, then they are chosen", () => {
    const decision = decideAssignee(t({ city: 'gz', industry: 'healthcare' }), { staff });
    expect(decision).toMatchObject({ assignee: 'gz-health', rule: 'industry-manager', fallback: false });
    expect(decision.reason.en).toContain('industry manager for healthcare in gz');
  });

  it('given the city-level manager is on leave, then the province-level one is chosen', () => {
    const away = staff.map((s) => (s.username === 'gz-health' ? { ...s, onLeave: true } : s));
    const decision = decideAssignee(t({ city: 'gz', industry: 'healthcare' }), { staff: away });
    expect(decision.assignee).toBe('prov-health');
    expect(decision.reason.en).toContain('skipped gz-health (is on leave)');
    expect(decision.reason.en).toContain('industry manager for healthcare at province level');
  });

  it('given no manager of the industry in the city, then the province level is used, not another city', () => {
    expect(decideAssignee(t({ city: 'fs', industry: 'healthcare' }), { staff }).assignee).toBe('prov-health');
  });

  it('given two city-level managers, then the less loaded one is chosen', () => {
    const two = [...staff, im('gz-health-2', { city: 'gz' })].map((s) =>
      s.username === 'gz-health' ? { ...s, openTasks: open(1, 'breached') } : s,
    );
    expect(decideAssignee(t({ city: 'gz', industry: 'healthcare' }), { staff: two }).assignee).toBe(
      'gz-health-2',
    );
  });

  it('given no manager of the industry at all, then nobody from another industry is chosen', () => {
    const decision = decideAssignee(t({ city: 'gz', industry: 'energy' }), { staff });
    expect(decision).toMatchObject({ assignee: null, notifyManager: true });
  });

  it("given the customer's industry is unknown, then the task stays with the group", () => {
    const decision = decideAssignee(t({ city: 'gz' }), { staff });
    expect(decision).toMatchObject({ assignee: null, notifyManager: true });
    expect(decision.reason.en).toContain("the customer's industry is unknown");
  });

  it("given the customer's city is unknown, then the province-level manager is chosen", () => {
    expect(decideAssignee(t({ industry: 'healthcare' }), { staff }).assignee).toBe('prov-health');
  });
});

describe('decideAssignee: product-manager', () => {
  const pm = (username: string, overrides: Partial<StaffMember>): StaffMember =>
    person(username, { roles: ['product-manager'], products: ['iot-card'], ...overrides });
  const t = (variables: AssignmentTask['variables']): AssignmentTask =>
    task({ candidateGroups: ['product-manager'], assignmentRule: 'product-manager', variables });

  it('goes from city to province to the product owner in another city', () => {
    const cityPm = pm('gz-iot', { city: 'gz' });
    const provincePm = pm('prov-iot', { level: 'province' });
    const otherCityPm = pm('sz-iot', { city: 'sz' });
    const variables = { city: 'gz', productId: 'iot-card' };
    expect(decideAssignee(t(variables), { staff: [otherCityPm, provincePm, cityPm] }).assignee).toBe(
      'gz-iot',
    );
    expect(decideAssignee(t(variables), { staff: [otherCityPm, provincePm] }).assignee).toBe('prov-iot');
    const last = decideAssignee(t(variables), { staff: [otherCityPm] });
    expect(last.assignee).toBe('sz-iot');
    expect(last.reason.en).toContain('product manager of iot-card in another city');
  });

  it('given no product, or nobody owning it, then the task stays with the group', () => {
    const staff = [pm('gz-iot', {})];
    expect(decideAssignee(t({ city: 'gz' }), { staff })).toMatchObject({
      assignee: null,
      notifyManager: true,
    });
    expect(decideAssignee(t({ city: 'gz', productId: 'cloud-desk' }), { staff }).assignee).toBeNull();
  });
});

describe('decideAssignee: least-loaded', () => {
  it('weights open tasks by SLA urgency: breached > at-risk > on-track', () => {
    const staff = [
      person('amy', { openTasks: open(1, 'breached') }), // 3
      person('bob', { openTasks: open(1, 'at-risk') }), // 2
      person('cat', { openTasks: open(1, 'on-track') }), // 1
    ];
    const decision = decideAssignee(task(), { staff });
    expect(decision).toMatchObject({ assignee: 'cat', rule: 'least-loaded', fallback: false });
    expect(decision.reason.en).toBe('member of account-manager in gz, least loaded: cat (weighted load 1)');
    expect(weightedLoad(staff[0]!)).toBe(3);
  });

  it('given fewer but more urgent tasks, then the person with more calm tasks may be less loaded', () => {
    const staff = [
      person('amy', { openTasks: open(2, 'on-track') }),
      person('bob', { openTasks: open(1, 'breached') }),
    ];
    expect(decideAssignee(task(), { staff }).assignee).toBe('amy');
  });

  it('counts tasks without an SLA as on track', () => {
    expect(weightedLoad(person('x', { openTasks: [...open(2, null), ...open(1, 'at-risk')] }))).toBe(4);
  });

  it('given equal weighted load, then fewer open tasks win, then the username, whatever the input order', () => {
    const staff = [
      person('dan', { openTasks: open(1, 'at-risk') }), // 2 in 1 task
      person('cat', { openTasks: open(2) }), // 2 in 2 tasks
      person('bob', { openTasks: open(1, 'at-risk') }),
    ];
    expect(decideAssignee(task(), { staff }).assignee).toBe('bob');
    expect(decideAssignee(task(), { staff: [...staff].reverse() }).assignee).toBe('bob');
  });

  it('given custom weights, then they are used', () => {
    const staff = [person('amy', { openTasks: open(1, 'breached') }), person('bob', { openTasks: open(2) })];
    const urgencyWeights = { 'on-track': 1, 'at-risk': 1, breached: 1 };
    expect(decideAssignee(task(), { staff, urgencyWeights }).assignee).toBe('amy');
  });

  it("considers only the candidate groups and the customer's city before the province level", () => {
    const staff = [
      person('idle-engineer', { roles: ['support-engineer'] }),
      person('sz-idle', { city: 'sz' }),
      person('prov-idle', { level: 'province' }),
      person('gz-busy', { openTasks: open(9) }),
    ];
    expect(decideAssignee(task(), { staff }).assignee).toBe('gz-busy');
    const noGz = staff.filter((s) => s.username !== 'gz-busy');
    const decision = decideAssignee(task(), { staff: noGz });
    expect(decision.assignee).toBe('prov-idle');
    expect(decision.reason.en).toContain('no available member of account-manager in gz');
  });

  it('given several candidate groups, then members of any of them count', () => {
    const staff = [person('amy', { openTasks: open(3) }), person('eve', { roles: ['manager'] })];
    const decision = decideAssignee(task({ candidateGroups: ['account-manager', 'manager'] }), { staff });
    expect(decision.assignee).toBe('eve');
  });

  it("given the customer's city is unknown, then province level first, then any city", () => {
    const variables = {};
    const staff = [person('gz-idle'), person('prov-busy', { level: 'province', openTasks: open(4) })];
    expect(decideAssignee(task({ variables }), { staff }).assignee).toBe('prov-busy');
    expect(decideAssignee(task({ variables }), { staff: [person('sz-a', { city: 'sz' })] }).assignee).toBe(
      'sz-a',
    );
  });

  it('skips staff on leave or disabled, and with nobody left notifies a manager', () => {
    const staff = [
      person('amy', { onLeave: true }),
      person('bob', { active: false }),
      person('cat', { openTasks: open(7) }),
    ];
    expect(decideAssignee(task(), { staff }).assignee).toBe('cat');
    const decision = decideAssignee(task(), { staff: staff.slice(0, 2) });
    expect(decision).toMatchObject({ assignee: null, notifyManager: true, rule: 'least-loaded' });
    expect(decision.reason.en).toContain('skipped amy (is on leave), bob (is disabled)');
    expect(decision.reason.zh).toContain('跳过 amy（休假中）、bob（账号已停用）');
  });
});

describe('decideAssignee: round-robin', () => {
  const staff = [
    person('cat'),
    person('amy'),
    person('bob', { openTasks: open(9) }),
    person('sz-dan', { city: 'sz' }),
  ];
  const rr = task({ assignmentRule: 'round-robin' });

  it.each([
    [undefined, 'amy'],
    [null, 'amy'],
    ['amy', 'bob'],
    ['bob', 'cat'],
    ['cat', 'amy'],
    ['bo', 'bob'], // a cursor left by someone no longer in the pool
  ])('given the cursor %p, then the next in username order is %s', (cursor, expected) => {
    const decision = decideAssignee(rr, { staff, roundRobinCursor: cursor });
    expect(decision).toMatchObject({ assignee: expected, rule: 'round-robin', roundRobinCursor: expected });
  });

  it('skips staff on leave, whatever their turn', () => {
    const away = staff.map((s) => (s.username === 'bob' ? { ...s, onLeave: true } : s));
    expect(decideAssignee(rr, { staff: away, roundRobinCursor: 'amy' }).assignee).toBe('cat');
  });

  it('returns no cursor when nobody was chosen', () => {
    const decision = decideAssignee(rr, { staff: [], roundRobinCursor: 'amy' });
    expect(decision.assignee).toBeNull();
    expect(decision.roundRobinCursor).toBeUndefined();
  });
});

describe('decideAssignee: expert:<username>', () => {
  const staff = [person('reviewer', { roles: ['support-engineer'], city: 'sz' }), person('amy')];
  const expertTask = task({ candidateGroups: ['review-committee'], assignmentRule: 'expert:reviewer' });

  it('given the named expert is available, then they get the task, even outside the candidate groups', () => {
    const decision = decideAssignee(expertTask, { staff });
    expect(decision).toMatchObject({ assignee: 'reviewer', rule: 'expert:reviewer', fallback: false });
    expect(decision.reason).toEqual({ zh: '指定专家 reviewer', en: 'named expert reviewer' });
  });

  it('given the expert is away, then the least-loaded member of the candidate groups takes it', () => {
    const away = staff.map((s) => (s.username === 'reviewer' ? { ...s, onLeave: true } : s));
    const committee = [...away, person('rc-member', { roles: ['review-committee'], level: 'province' })];
    const decision = decideAssignee(expertTask, { staff: committee });
    expect(decision).toMatchObject({ assignee: 'rc-member', rule: 'least-loaded', fallback: true });
    expect(decision.reason.en).toMatch(/^named expert reviewer is on leave; /);
  });

  it('given an unknown expert and no group member, then a manager is notified', () => {
    const decision = decideAssignee(
      task({ candidateGroups: ['review-committee'], assignmentRule: 'expert:nobody' }),
      {
        staff,
      },
    );
    expect(decision).toMatchObject({ assignee: null, rule: 'expert:nobody', notifyManager: true });
  });
});

describe('decideAssignee: header handling', () => {
  it('given no header, then the rule follows the candidate group and the reason says so', () => {
    const staff = [person('gz-health', { roles: ['industry-manager'], industries: ['healthcare'] })];
    const decision = decideAssignee(
      { candidateGroups: ['industry-manager'], variables: { city: 'gz', industry: 'healthcare' } },
      { staff },
    );
    expect(decision).toMatchObject({ assignee: 'gz-health', requestedRule: 'industry-manager' });
    expect(decision.reason.en).toMatch(/^no assignmentRule header; default rule for the candidate groups/);
  });

  it('given an unknown rule, then decideAssignee throws a clear AssignmentRuleError', () => {
    expect(() => decideAssignee(task({ assignmentRule: 'lowest-load' }), { staff: [] })).toThrow(
      AssignmentRuleError,
    );
    expect(() => decideAssignee(task({ assignmentRule: 'lowest-load' }), { staff: [] })).toThrow(
      /Unknown assignmentRule "lowest-load"/,
    );
  });
});

describe('decideAssignee: departure', () => {
  it('given HR disabled a person, then none of their open tasks is given back to them', () => {
    const leaver = person('amy', { active: false });
    const staff = [leaver, person('bob', { openTasks: open(2) }), person('cat', { openTasks: open(1) })];
    const rules = ['account-manager', 'least-loaded', 'round-robin', 'expert:amy'];
    for (const assignmentRule of rules) {
      const decision = decideAssignee(
        task({ assignmentRule, variables: { city: 'gz', accountManager: 'amy' } }),
        { staff, roundRobinCursor: 'bob' },
      );
      expect(decision.assignee).not.toBe('amy');
      expect(decision.assignee).not.toBeNull();
    }
  });
});
