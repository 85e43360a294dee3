import { incidentModel } from '../../models/incident';
import { processInstanceModel } from '../../models/process-instance';
import { processVariableModel } from '../../models/process-variable';
import { userTaskModel } from '../../models/user-task';
import { usePathTestHarness } from '../../test/support/path-test-harness';
import { uniqueSuffix } from '../../test/support/process-paths';
import { waitFor } from '../../test/support/stack';

const PROCESS = 'complaint-handling';

const inSeconds = (seconds: number): string => new Date(Date.now() + seconds * 1000).toISOString();

/** The survey the stand-in survey worker sends in round `round` (0 first, 1 after one reopen, …). */
const surveyKey = (processInstanceKey: string, round: number): string =>
  `complaint-survey-${processInstanceKey}-${round}`;

/** What a customer or the intake form gives at acceptance. */
function intake(
  category: string,
  grade: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    customerId: '91440101MA59ABCD1X',
    customerName: '广州地铁集团 Guangzhou Metro Group',
    city: 'gz',
    accountManager: 'am.chen',
    contactPhone: '13800138000',
    channel: 'hotline',
    category,
    grade,
    description: '专线频繁中断 The dedicated line drops several times a day',
    ...extra,
  };
}

/**
 * Every gateway outcome of complaint-handling 投诉处理 on the real broker, read from the projection:
 * routing-decision outcomes that change the path (management alert, candidate group, escalation level),
 * the non-interrupting SLA warning, the interrupting SLA breach, the survey answered or timed out, and the
 * reopen loop on a low score or an unsolved problem.
 */
describe('complaint-handling paths', () => {
  const paths = usePathTestHarness({
    processes: [PROCESS],
    jobTypes: [
      'gcflow.sla.compute-deadlines',
      'gcflow.sla.record-warning',
      'gcflow.sla.escalate',
      'gcflow.notify.customer',
      'gcflow.notify.staff',
      'gcflow.survey.send',
      'gcflow.report.generate',
      'gcflow.knowledge.archive',
    ],
    workerProcesses: [PROCESS],
    outputs: {
      // Short deadlines come from test variables, so a test can watch the SLA timers fire in seconds.
      'gcflow.sla.compute-deadlines': ({ variables }) => ({
        slaWarnAt: inSeconds(Number(variables.testSlaWarnSeconds ?? 3600)),
        slaDueAt: inSeconds(Number(variables.testSlaDueSeconds ?? 7200)),
      }),
      'gcflow.survey.send': ({ processInstanceKey, variables }) => ({
        surveyCorrelationKey: surveyKey(processInstanceKey, Number(variables.reopenCount ?? 0)),
      }),
    },
  });

  /** Waits for the end; on a timeout says where the instance stands and which incidents it has. */
  async function closed(key: string) {
    try {
      return await paths.driver.completed(key);
    } catch (err) {
      const instance = await processInstanceModel(paths.projection).findById(key).lean();
      const incidents = await incidentModel(paths.projection).find({ processInstanceKey: key }).lean();
      throw new Error(
        `${(err as Error).message}; state ${instance?.state}, active: ${instance?.activeElementIds.join(', ')}, ` +
          `completed: ${instance?.completedElementIds.join(', ')}; incidents: ` +
          incidents.map((i) => `${i.elementId} ${i.errorType} ${i.errorMessage}`).join(' | '),
      );
    }
  }

  const variable = async (key: string, name: string): Promise<unknown> =>
    // the root scope's variable (its scope key is the instance key), not a task's local copy
    (
      await processVariableModel(paths.projection)
        .findOne({ processInstanceKey: key, scopeKey: key, name })
        .lean()
    )?.value;

  const grade = (key: string, category: string, complaintGrade: string) =>
    paths.driver.complete(key, 'Task_GradeComplaint', {
      category,
      grade: complaintGrade,
      cause: '光缆被施工挖断 Fibre cut by road works',
    });

  const handleFault = (key: string) =>
    paths.driver.complete(key, 'Task_HandleFault', {
      faultCause: '光缆中断 Fibre cut',
      actionTaken: '抢修熔接并切换备用路由 Spliced and switched to the backup route',
      firstTimeResolved: true,
    });

  const confirmResolution = (key: string) =>
    paths.driver.complete(key, 'Task_ConfirmResolution', {
      resolutionCode: 'fixed',
      resolutionSummary: '线路已恢复并观察 24 小时 Line restored and watched for 24 h',
    });

  /** The customer answers the callback survey of round `round` (published once the survey was sent). */
  async function answerSurvey(key: string, round: number, satisfaction: number, resolved: boolean) {
    await waitFor(() => paths.handledAt(key, 'Task_SendSurvey').length > round, {
      what: `survey round ${round} of ${key} sent`,
      timeoutMs: 30_000,
    });
    await paths.driver.publish('survey-answered', surveyKey(key, round), { satisfaction, resolved });
  }

  it('given an ordinary network complaint from the form, when handled in time and the survey says satisfied, then it closes without alert, escalation or reopen', async () => {
    const key = await paths.driver.start(PROCESS, intake('network', 'ordinary'));

    const gradingTask = await grade(key, 'network', 'ordinary');
    expect(gradingTask.candidateGroups).toEqual(['complaint-handler']);
    expect(gradingTask.formKey).toBe('gcflow:complaint-grading');
    expect(gradingTask.customHeaders).toEqual({
      assignmentRule: 'least-loaded',
      slaPolicy: 'complaint-grading',
      salesStage: 'after-sales',
    });

    const faultTask = await handleFault(key);
    // the routing decision sends network faults to the support engineers
    expect(faultTask.candidateGroups).toEqual(['support-engineer']);
    await confirmResolution(key);
    await answerSurvey(key, 0, 5, true);

    const done = await closed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining([
        'Start_ComplaintForm',
        'Task_RouteComplaint',
        'Task_ComputeDeadlines',
        'Task_NotifyAccepted',
        'Task_HandleFault',
        'Task_NotifyResolved',
        'Catch_SurveyAnswered',
        'Task_NeedAnalysisReport',
        'Task_ArchiveCase',
        'End_ComplaintClosed',
      ]),
    );
    for (const notTaken of [
      'Start_ComplaintReceived',
      'Task_AlertManagement',
      'Boundary_SlaWarning',
      'Boundary_SlaBreach',
      'Catch_SurveyTimeout',
      'Task_PhoneCallback',
      'Task_ReopenComplaint',
    ]) {
      expect(done.completedElementIds).not.toContain(notTaken);
    }
    expect(await variable(key, 'department')).toBe('network');
    expect(await variable(key, 'slaPolicy')).toBe('complaint-ordinary');
    expect(paths.handledAt(key, 'Task_NeedAnalysisReport')[0]?.customHeaders).toEqual({
      reportKind: 'customer-need-analysis',
    });
    expect(paths.handledAt(key, 'Task_ArchiveCase')[0]?.customHeaders).toEqual({ library: 'case-library' });
  });

  it('given a grave product complaint by message complaint-received, when routed, then management is alerted and the product manager handles it', async () => {
    const ref = `CMP-${uniqueSuffix()}`;
    // a message start bypasses driver.start, so the run id goes with the message for this file's workers
    await paths.driver.publish(
      'complaint-received',
      ref,
      intake('product', 'grave', { complaintRef: ref, testRun: paths.runId }),
    );
    const started = await waitFor(
      () => processVariableModel(paths.projection).findOne({ name: 'complaintRef', value: ref }).lean(),
      { what: `the instance started by complaint ${ref}`, timeoutMs: 30_000 },
    );
    const key = started.processInstanceKey;

    await grade(key, 'product', 'grave');
    const faultTask = await handleFault(key);
    expect(faultTask.candidateGroups).toEqual(['product-manager']);
    await confirmResolution(key);
    await answerSurvey(key, 0, 4, true);

    const done = await closed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining([
        'Start_ComplaintReceived',
        'Task_AlertManagement',
        'Task_HandleFault',
        'End_ComplaintClosed',
      ]),
    );
    expect(done.completedElementIds).not.toContain('Start_ComplaintForm');
    expect(paths.handledAt(key, 'Task_AlertManagement')[0]?.customHeaders).toEqual({
      template: 'complaint-grave-alert',
    });
    expect(await variable(key, 'slaPolicy')).toBe('complaint-grave');
  });

  it('given a serious complaint, when the SLA warning time passes during fault handling, then the warning is recorded and handling still completes', async () => {
    const key = await paths.driver.start(
      PROCESS,
      intake('maintenance', 'serious', { testSlaWarnSeconds: 2, testSlaDueSeconds: 3600 }),
    );
    await grade(key, 'maintenance', 'serious');

    // the warning branch runs to its own end while the fault task stays open
    await waitFor(
      async () => {
        const instance = await processInstanceModel(paths.projection).findById(key).lean();
        return instance?.completedElementIds.includes('End_WarningHandled') && instance;
      },
      { what: `SLA warning branch of ${key}`, timeoutMs: 30_000 },
    );
    expect(
      await userTaskModel(paths.projection).countDocuments({ processInstanceKey: key, state: 'open' }),
    ).toBe(1);
    await handleFault(key);
    await confirmResolution(key);
    await answerSurvey(key, 0, 5, true);

    const done = await closed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining([
        'Boundary_SlaWarning',
        'Task_RecordWarning',
        'Task_NotifyProgress',
        'End_WarningHandled',
        'Task_HandleFault',
        'End_ComplaintClosed',
      ]),
    );
    expect(done.completedElementIds).not.toContain('Boundary_SlaBreach');
    expect(done.completedElementIds).not.toContain('Task_EscalatedHandling');
    expect(paths.handledAt(key, 'Task_NotifyProgress')[0]?.customHeaders).toEqual({
      template: 'complaint-progress',
    });
  });

  it('given an ordinary billing complaint, when the SLA due time passes, then fault handling is interrupted and escalated to the city management', async () => {
    const key = await paths.driver.start(
      PROCESS,
      intake('billing', 'ordinary', { testSlaWarnSeconds: 1, testSlaDueSeconds: 3 }),
    );
    await grade(key, 'billing', 'ordinary');

    const escalated = await paths.driver.complete(key, 'Task_EscalatedHandling', {
      escalationInstruction: '帐务中心当日退费 Billing centre refunds today',
      actionTaken: '已退费并核对帐单 Refunded and bill checked',
    });
    expect(escalated.candidateGroups).toEqual(['manager']);
    const faultTask = await userTaskModel(paths.projection)
      .findOne({ processInstanceKey: key, elementId: 'Task_HandleFault' })
      .lean();
    expect(faultTask?.state).toBe('canceled');
    await confirmResolution(key);
    await answerSurvey(key, 0, 4, true);

    const done = await closed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining([
        'Boundary_SlaBreach',
        'Task_EscalateCity',
        'Task_EscalatedHandling',
        'End_ComplaintClosed',
      ]),
    );
    expect(done.completedElementIds).not.toContain('Task_HandleFault');
    expect(done.completedElementIds).not.toContain('Task_EscalateProvince');
    expect(paths.handledAt(key, 'Task_EscalateCity')[0]?.customHeaders).toEqual({ level: 'city' });
  });

  it('given a grave maintenance complaint, when the SLA due time passes, then it escalates to the province management', async () => {
    const key = await paths.driver.start(
      PROCESS,
      intake('maintenance', 'grave', { testSlaWarnSeconds: 1, testSlaDueSeconds: 3 }),
    );
    await grade(key, 'maintenance', 'grave');
    await paths.driver.complete(key, 'Task_EscalatedHandling', {
      escalationInstruction: '省公司协调备件 Province sends spare parts',
      actionTaken: '更换故障板卡 Faulty board replaced',
    });
    await confirmResolution(key);
    await answerSurvey(key, 0, 5, true);

    const done = await closed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining([
        'Task_AlertManagement',
        'Boundary_SlaBreach',
        'Task_EscalateProvince',
        'End_ComplaintClosed',
      ]),
    );
    expect(done.completedElementIds).not.toContain('Task_EscalateCity');
    expect(paths.handledAt(key, 'Task_EscalateProvince')[0]?.customHeaders).toEqual({ level: 'province' });
  });

  it('given a low survey score, when the complaint reopens, then it is routed again one grade higher and closes after a satisfied second survey', async () => {
    const key = await paths.driver.start(PROCESS, intake('network', 'ordinary'));
    await grade(key, 'network', 'ordinary');
    await handleFault(key);
    await confirmResolution(key);
    await answerSurvey(key, 0, 1, true);

    // second round: the reopened complaint is serious now
    await handleFault(key);
    await confirmResolution(key);
    await answerSurvey(key, 1, 5, true);

    const done = await closed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining(['Catch_SurveyAnswered', 'Task_ReopenComplaint', 'End_ComplaintClosed']),
    );
    expect(await paths.driver.taskCount(key, 'Task_HandleFault')).toBe(2);
    expect(paths.handledAt(key, 'Task_ComputeDeadlines')).toHaveLength(2);
    expect(paths.handledAt(key, 'Task_ReopenComplaint')[0]?.customHeaders).toEqual({
      template: 'complaint-reopened',
    });
    expect(await variable(key, 'grade')).toBe('serious');
    expect(await variable(key, 'reopenCount')).toBe(1);
    expect(await variable(key, 'slaPolicy')).toBe('complaint-serious');
  });

  it('given no survey answer, when the survey times out, then the account manager calls back and a satisfied customer closes it', async () => {
    const key = await paths.driver.start(PROCESS, intake('network', 'ordinary', { surveyTimeout: 'PT1S' }));
    await grade(key, 'network', 'ordinary');
    await handleFault(key);
    await confirmResolution(key);
    const callback = await paths.driver.complete(key, 'Task_PhoneCallback', {
      satisfaction: 4,
      resolved: true,
      callbackNotes: '客户认可处理结果 Customer content',
    });
    expect(callback.candidateGroups).toEqual(['account-manager']);
    expect(callback.customHeaders).toMatchObject({ assignmentRule: 'account-manager' });

    const done = await closed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining(['Catch_SurveyTimeout', 'Task_PhoneCallback', 'End_ComplaintClosed']),
    );
    expect(done.completedElementIds).not.toContain('Catch_SurveyAnswered');
    expect(done.completedElementIds).not.toContain('Task_ReopenComplaint');
  });

  it('given a phone callback where the problem is not solved, when recorded, then the complaint reopens and closes after the second round', async () => {
    const key = await paths.driver.start(PROCESS, intake('network', 'serious', { surveyTimeout: 'PT1S' }));
    await grade(key, 'network', 'serious');
    await handleFault(key);
    await confirmResolution(key);
    await paths.driver.complete(key, 'Task_PhoneCallback', { satisfaction: 3, resolved: false });

    await handleFault(key);
    await confirmResolution(key);
    await paths.driver.complete(key, 'Task_PhoneCallback', { satisfaction: 5, resolved: true });

    const done = await closed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining(['Task_ReopenComplaint', 'Task_PhoneCallback', 'End_ComplaintClosed']),
    );
    expect(await paths.driver.taskCount(key, 'Task_PhoneCallback')).toBe(2);
    // serious reopened becomes grave: management is alerted on the second routing
    expect(await variable(key, 'grade')).toBe('grave');
    expect(paths.handledAt(key, 'Task_AlertManagement')).toHaveLength(1);
  });
});
