import { elementInstanceModel } from '../../models/element-instance';
import { processVariableModel } from '../../models/process-variable';
import { userTaskModel } from '../../models/user-task';
import { usePathTestHarness } from '../../test/support/path-test-harness';
import { waitFor } from '../../test/support/stack';

const PROCESS = 'key-customer-care';

type Level = 'contact' | 'key-person' | 'management' | 'others';

function keyCustomer(customerId: string, customerName: string, levels: Level[]) {
  return {
    customerId,
    customerName,
    industry: 'manufacturing',
    city: 'fs',
    accountManager: 'am.huang',
    keyPeople: levels.map((level, i) => ({ name: `${level}-${i + 1}`, level, title: '职务 Title' })),
  };
}

const MIDEA = '91440606MA4UEXAMP1';
const GAC = '91440101MA5CY0UR2X';

/** Per customer: does the account manager plan a resident-service visit and a conference invitation? */
type Plans = Record<string, { residentService: boolean; conferenceInvitation: boolean }>;

/**
 * Every gateway outcome of key-customer-care 关键人关怀 on the real broker, read from the projection: one
 * parallel instance per key customer, one per key person with the care action of the person's level
 * (contact, key person, management, others), resident service and conference invitation each planned or
 * not, per customer.
 */
describe('key-customer-care paths', () => {
  const paths = usePathTestHarness({
    processes: [PROCESS],
    jobTypes: ['gcflow.care.list-key-customers', 'gcflow.notify.customer', 'gcflow.customer.record-touch'],
    workerProcesses: [PROCESS],
    outputs: {
      // the stand-in customer list comes from the test, through a start variable
      'gcflow.care.list-key-customers': ({ variables }) => ({ keyCustomers: variables.testKeyCustomers }),
    },
  });

  /** A variable of the scope the user task runs in (the sub-process instance around it). */
  async function scopeVariable(task: { elementInstanceKey: string }, name: string): Promise<unknown> {
    const element = await waitFor(
      () => elementInstanceModel(paths.projection).findById(task.elementInstanceKey).lean(),
      {
        what: `element instance ${task.elementInstanceKey}`,
      },
    );
    const variable = await waitFor(
      () => processVariableModel(paths.projection).findOne({ scopeKey: element.flowScopeKey, name }).lean(),
      { what: `variable ${name} in scope ${element.flowScopeKey}` },
    );
    return variable.value;
  }

  /** Completes all `count` open tasks `elementId`; `variablesFor` may look at the task's own customer. */
  async function completeAll(
    key: string,
    elementId: string,
    count: number,
    variablesFor: (customerId: string) => Record<string, unknown>,
  ): Promise<string[]> {
    const tasks = await paths.driver.openTasks(key, elementId, count);
    const customers: string[] = [];
    for (const task of tasks) {
      // the customer sub-process holds customerId; a person's task sits one scope deeper
      const customerId =
        elementId === 'Task_PlanCare' ||
        elementId === 'Task_ResidentService' ||
        elementId === 'Task_InviteConference'
          ? String(await scopeVariable(task, 'customerId'))
          : '';
      customers.push(customerId);
      await paths.zbc.completeJob({ jobKey: task.jobKey, variables: variablesFor(customerId) });
    }
    await waitFor(
      async () =>
        (await userTaskModel(paths.projection).countDocuments({
          processInstanceKey: key,
          elementId,
          state: 'open',
        })) === 0,
      { what: `all ${elementId} tasks of ${key} completed`, timeoutMs: 30_000 },
    );
    return customers.sort();
  }

  const planCare = (key: string, plans: Plans) =>
    completeAll(key, 'Task_PlanCare', Object.keys(plans).length, (customerId) => ({
      ...plans[customerId],
      carePlanNotes: '季度关怀 Quarterly care',
    }));

  it('given two key customers with all four levels, when one plans resident service and a conference and the other neither, then each person gets the action of the level and every action is recorded', async () => {
    const key = await paths.driver.start(PROCESS, {
      careReason: '季度关怀 Quarterly care',
      testKeyCustomers: [
        keyCustomer(MIDEA, '美的集团 Midea Group', ['contact', 'key-person', 'management', 'others']),
        keyCustomer(GAC, '广汽集团 GAC Group', ['key-person']),
      ],
    });
    await planCare(key, {
      [MIDEA]: { residentService: true, conferenceInvitation: true },
      [GAC]: { residentService: false, conferenceInvitation: false },
    });

    await completeAll(key, 'Task_ContactCare', 1, () => ({
      contactSummary: '确认下季度扩容需求 Capacity needs',
    }));
    await completeAll(key, 'Task_KeyPersonVisit', 2, () => ({ visitSummary: '拜访纪要 Visit notes' }));
    const management = await paths.driver.openTasks(key, 'Task_ManagementVisit', 1);
    expect(management[0]?.candidateGroups).toEqual(['manager']);
    expect(management[0]?.formKey).toBe('gcflow:care-management');
    await completeAll(key, 'Task_ManagementVisit', 1, () => ({
      meetingSummary: '高层会谈 Executive meeting',
    }));
    expect(
      await completeAll(key, 'Task_ResidentService', 1, () => ({
        serviceSummary: '园区网络巡检 Park network check',
        issuesResolved: 3,
      })),
    ).toEqual([MIDEA]);
    expect(
      await completeAll(key, 'Task_InviteConference', 1, () => ({
        conferenceName: '智能制造推介会 Smart manufacturing conference',
        invitationAccepted: true,
      })),
    ).toEqual([MIDEA]);

    const done = await paths.driver.completed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining([
        'Start_OnDemand',
        'Task_ListKeyCustomers',
        'SubProcess_CustomerCare',
        'SubProcess_PersonCare',
        'Task_OthersGreeting',
        'Task_RecordPersonTouch',
        'Task_RecordResidentTouch',
        'Task_RecordConferenceTouch',
        'Gateway_CareJoin',
        'End_CareRunDone',
      ]),
    );
    expect(done.completedElementIds).not.toContain('Start_Quarterly');
    expect(done.takenSequenceFlowIds).toEqual(
      expect.arrayContaining([
        'Flow_ResidentService',
        'Flow_NoResidentService',
        'Flow_Conference',
        'Flow_NoConference',
      ]),
    );
    // five people, one resident-service visit, one conference invitation
    expect(paths.handledAt(key, 'Task_RecordPersonTouch')).toHaveLength(5);
    expect(paths.handledAt(key, 'Task_RecordResidentTouch')[0]?.customHeaders).toEqual({
      touchKind: 'resident-service',
    });
    expect(paths.handledAt(key, 'Task_RecordConferenceTouch')[0]?.customHeaders).toEqual({
      touchKind: 'conference-invitation',
    });
    expect(paths.handledAt(key, 'Task_OthersGreeting')[0]?.customHeaders).toEqual({
      template: 'care-greeting',
    });
    expect(await paths.driver.taskCount(key, 'Task_PlanCare')).toBe(2);
  });

  it('given two customers with opposite plans, when both run in parallel, then each keeps its own plan decisions', async () => {
    const key = await paths.driver.start(PROCESS, {
      careReason: '节前关怀 Pre-festival care',
      testKeyCustomers: [
        keyCustomer(MIDEA, '美的集团 Midea Group', ['others', 'contact']),
        keyCustomer(GAC, '广汽集团 GAC Group', ['management', 'others']),
      ],
    });
    await planCare(key, {
      [MIDEA]: { residentService: true, conferenceInvitation: false },
      [GAC]: { residentService: false, conferenceInvitation: true },
    });
    await completeAll(key, 'Task_ContactCare', 1, () => ({ contactSummary: '节日问候 Festival greeting' }));
    await completeAll(key, 'Task_ManagementVisit', 1, () => ({
      meetingSummary: '年度合作回顾 Annual review',
    }));
    expect(
      await completeAll(key, 'Task_ResidentService', 1, () => ({
        serviceSummary: '驻场支撑 On-site',
        issuesResolved: 1,
      })),
    ).toEqual([MIDEA]);
    expect(
      await completeAll(key, 'Task_InviteConference', 1, () => ({
        conferenceName: '汽车行业推介会 Automotive conference',
        invitationAccepted: false,
      })),
    ).toEqual([GAC]);

    const done = await paths.driver.completed(key);
    expect(done.completedElementIds).toContain('End_CareRunDone');
    expect(paths.handledAt(key, 'Task_OthersGreeting')).toHaveLength(2);
    expect(paths.handledAt(key, 'Task_RecordPersonTouch')).toHaveLength(4);
    expect(await paths.driver.taskCount(key, 'Task_KeyPersonVisit')).toBe(0);
    expect(await paths.driver.taskCount(key, 'Task_ResidentService')).toBe(1);
    expect(await paths.driver.taskCount(key, 'Task_InviteConference')).toBe(1);
  });

  it('given no key customers this quarter, when the run starts, then it ends without care tasks', async () => {
    const key = await paths.driver.start(PROCESS, {
      careReason: '空名单 Empty list',
      testKeyCustomers: [],
    });
    const done = await paths.driver.completed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining(['Task_ListKeyCustomers', 'End_CareRunDone']),
    );
    expect(done.completedElementIds).not.toContain('Task_PlanCare');
    expect(await userTaskModel(paths.projection).countDocuments({ processInstanceKey: key })).toBe(0);
  });
});
