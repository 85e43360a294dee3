import { usePathTestHarness } from '../../test/support/path-test-harness';
import { waitFor } from '../../test/support/stack';

const PROCESS = 'marketing-campaign';

const surveyKey = (processInstanceKey: string): string => `marketing-survey-${processInstanceKey}`;

function campaign(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    campaignName: '智慧校园推广 Smart campus campaign',
    productId: 'smart-campus-v2',
    industry: 'education',
    city: 'sz',
    goal: '覆盖深圳 30 所学校 Reach 30 schools in Shenzhen',
    ...extra,
  };
}

/**
 * Every gateway outcome of marketing-campaign 营销推广 on the real broker, read from the projection: plan
 * approved or rejected (revise loop), both trainings in parallel, survey answered or timed out.
 */
describe('marketing-campaign paths', () => {
  const paths = usePathTestHarness({
    processes: [PROCESS],
    jobTypes: ['gcflow.survey.send', 'gcflow.notify.staff', 'gcflow.report.generate'],
    workerProcesses: [PROCESS],
    outputs: {
      'gcflow.survey.send': ({ processInstanceKey }) => ({
        surveyCorrelationKey: surveyKey(processInstanceKey),
      }),
    },
  });

  const draftPlan = (key: string) =>
    paths.driver.complete(key, 'Task_DraftPlan', {
      planSummary: '分区路演 + 客户经理上门 Roadshows and account-manager visits',
      channels: ['account-manager', 'web'],
      budget: 200000,
      targetReach: 30,
    });

  const decide = (key: string, approvalDecision: 'approve' | 'reject') =>
    paths.driver.complete(key, 'Task_ApprovePlan', {
      approvalDecision,
      approvalComment: approvalDecision === 'approve' ? '同意 Approved' : '预算过高 Budget too high',
    });

  /** Both trainings (the parallel branches) and the execution. */
  async function trainAndExecute(key: string) {
    // the parallel split opens both branches at once: customer training is open before the manual is done
    await paths.driver.openTasks(key, 'Task_CustomerTraining', 1);
    await paths.driver.openTasks(key, 'Task_WriteProductManual', 1);
    await paths.driver.complete(key, 'Task_CustomerTraining', {
      trainedCustomers: 12,
      customerFeedback: '好 Good',
    });
    await paths.driver.complete(key, 'Task_WriteProductManual', {
      manualTitle: '智慧校园产品手册 Smart campus manual',
      manualUrl: 'https://docs.example.invalid/smart-campus',
    });
    await paths.driver.complete(key, 'Task_InternalTraining', { trainedStaff: 40 });
    await paths.driver.complete(key, 'Task_ExecuteCampaign', { customersReached: 31, ordersSigned: 9 });
  }

  const improve = (key: string) =>
    paths.driver.complete(key, 'Task_PlanImprovements', {
      improvements: '提前一个月培训客户经理 Train account managers a month earlier',
    });

  async function answerSurvey(key: string) {
    await waitFor(() => paths.handledAt(key, 'Task_SendSurvey').length > 0, {
      what: `survey of ${key} sent`,
      timeoutMs: 30_000,
    });
    await paths.driver.publish('survey-answered', surveyKey(key), { satisfaction: 4, responses: 57 });
  }

  it('given a plan approved at once, when the survey is answered, then the effect report and improvements close it', async () => {
    const key = await paths.driver.start(PROCESS, campaign());
    const plan = await draftPlan(key);
    expect(plan.candidateGroups).toEqual(['industry-manager']);
    expect(plan.formKey).toBe('gcflow:marketing-plan');
    const approval = await decide(key, 'approve');
    expect(approval.candidateGroups).toEqual(['manager']);
    await trainAndExecute(key);
    await answerSurvey(key);
    await improve(key);

    const done = await paths.driver.completed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining([
        'Gateway_TrainingJoin',
        'Task_InternalTraining',
        'Task_CustomerTraining',
        'Catch_SurveyAnswered',
        'Task_EffectReport',
        'End_CampaignClosed',
      ]),
    );
    expect(done.completedElementIds).not.toContain('Catch_SurveyTimeout');
    expect(done.completedElementIds).not.toContain('Task_NotifySurveyUnanswered');
    expect(await paths.driver.taskCount(key, 'Task_DraftPlan')).toBe(1);
    expect(paths.handledAt(key, 'Task_SendSurvey')[0]?.customHeaders).toEqual({
      surveyKind: 'marketing-satisfaction',
    });
    expect(paths.handledAt(key, 'Task_EffectReport')[0]?.customHeaders).toEqual({
      reportKind: 'marketing-effect',
    });
  });

  it('given a rejected plan, when it is revised and approved, then the campaign runs once and closes', async () => {
    const key = await paths.driver.start(PROCESS, campaign());
    await draftPlan(key);
    await decide(key, 'reject');
    await draftPlan(key);
    await decide(key, 'approve');
    await trainAndExecute(key);
    await answerSurvey(key);
    await improve(key);

    const done = await paths.driver.completed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining(['Catch_SurveyAnswered', 'End_CampaignClosed']),
    );
    expect(done.takenSequenceFlowIds).toEqual(
      expect.arrayContaining(['Flow_PlanRejected', 'Flow_PlanApproved']),
    );
    expect(await paths.driver.taskCount(key, 'Task_DraftPlan')).toBe(2);
    expect(await paths.driver.taskCount(key, 'Task_ApprovePlan')).toBe(2);
    expect(await paths.driver.taskCount(key, 'Task_InternalTraining')).toBe(1);
  });

  it('given no survey result, when the survey period ends, then the industry manager is told and the report still follows', async () => {
    const key = await paths.driver.start(PROCESS, campaign({ surveyTimeout: 'PT1S' }));
    await draftPlan(key);
    await decide(key, 'approve');
    await trainAndExecute(key);
    await improve(key);

    const done = await paths.driver.completed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining([
        'Catch_SurveyTimeout',
        'Task_NotifySurveyUnanswered',
        'Task_EffectReport',
        'End_CampaignClosed',
      ]),
    );
    expect(done.completedElementIds).not.toContain('Catch_SurveyAnswered');
    expect(done.takenSequenceFlowIds).not.toContain('Flow_PlanRejected');
    expect(paths.handledAt(key, 'Task_NotifySurveyUnanswered')[0]?.customHeaders).toEqual({
      template: 'marketing-survey-unanswered',
    });
  });
});
