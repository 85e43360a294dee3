import { elementInstanceModel } from '../models/element-instance';
import { incidentModel } from '../models/incident';
import { slaPolicyDocumentModel } from '../models/sla-policy';
import { slaRecordModel } from '../models/sla-record';
import { supportOrderModel } from '../models/support-order';
import { customerIntake } from '../test/support/process-paths';
import { useRealWorkerHarness } from '../test/support/real-worker-harness';

/**
 * Business outcomes thrown by the real workers as BPMN errors (docs/CONVENTIONS.md, "Business errors") and
 * caught by the models' error boundary events on the real broker: the instance takes the modelled path, with
 * no incident.
 */
describe('business errors caught by the models', () => {
  const h = useRealWorkerHarness({
    purpose: 'business-errors',
    processes: ['solution-design', 'complaint-handling'],
    // no staff at all: nobody to escalate to
    seed: (mongo) =>
      slaPolicyDocumentModel(mongo).create({
        _id: 'complaint-grave',
        name: { zh: '重大投诉（测试）', en: 'Grave complaint (test)' },
        responseTargetMs: 500,
        resolutionTargetMs: 3000,
        warnAtRatio: 0.5,
        calendar: '24x7',
        pauseWhileWaitingForCustomer: false,
      }),
  });
  const rootVariable = (key: string, name: string) => h.rootVariable(key, name);
  const passed = (key: string, elementId: string) =>
    elementInstanceModel(h.projection).countDocuments({ processInstanceKey: key, elementId });

  it('given a support order without a request, when the dispatch worker rejects it (SUPPORT_ORDER_REJECTED), then the model takes it back to the draft', async () => {
    const key = await h.driver.start('solution-design', customerIntake());
    await h.driver.complete(key, 'Task_DraftSolution', {
      solutionTitle: '方案 Solution',
      solutionSummary: '摘要 Summary',
      supportNeeded: true,
      supportRequest: '  ',
    });
    await h.driver.complete(key, 'Task_ProductTariff', {
      productCombination: '5G 专网',
      tariffPlan: '套餐 A',
      monthlyFee: 1000,
      newProductNeeded: false,
    });
    await h.driver.openTasks(key, 'Task_DraftSolution', 1);
    expect(await h.driver.taskCount(key, 'Task_DraftSolution')).toBe(2);
    expect(await passed(key, 'Boundary_SupportOrderRejected')).toBe(1);
    expect(await passed(key, 'Task_SupportWork')).toBe(0);
    expect(await rootVariable(key, 'businessErrorCode')).toBe('SUPPORT_ORDER_REJECTED');
    expect(String(await rootVariable(key, 'businessErrorMessage'))).toContain('without a request');
    expect(await supportOrderModel(h.mongo).countDocuments({ processInstanceKey: key })).toBe(0);
    expect(await incidentModel(h.projection).countDocuments({ processInstanceKey: key })).toBe(0);

    // with a request the second round dispatches it
    await h.driver.complete(key, 'Task_DraftSolution', {
      solutionTitle: '方案 Solution',
      solutionSummary: '摘要 Summary',
      supportNeeded: true,
      supportRequest: '需要网络规划支撑 Network planning',
    });
    await h.driver.complete(key, 'Task_ProductTariff', {
      productCombination: '5G 专网',
      tariffPlan: '套餐 A',
      monthlyFee: 1000,
      newProductNeeded: false,
    });
    await h.driver.openTasks(key, 'Task_SupportWork', 1);
    expect(await supportOrderModel(h.mongo).countDocuments({ processInstanceKey: key })).toBe(1);
  });

  it('given a grave complaint breached where no manager is active, when escalation finds nobody (NO_ESCALATION_TARGET), then the breach is recorded and the escalated handling opens, with no incident', async () => {
    const key = await h.driver.start('complaint-handling', {
      customerId: '91440101MA59ABCD1X',
      customerName: '测试客户 Test customer',
      industry: 'transport',
      city: 'zz-nobody',
      accountManager: 'am.none',
      channel: 'hotline',
      description: '专线中断 Line down',
    });
    await h.driver.complete(key, 'Task_GradeComplaint', { category: 'network', grade: 'grave', cause: 'x' });
    await h.driver.openTasks(key, 'Task_EscalatedHandling', 1);
    expect(await passed(key, 'Boundary_NoProvinceManager')).toBe(1);
    expect(await rootVariable(key, 'businessErrorCode')).toBe('NO_ESCALATION_TARGET');
    const record = await slaRecordModel(h.mongo).findOne({ processInstanceKey: key, subject: 'case' }).lean();
    expect(record?.breachedAt).toBeInstanceOf(Date);
    expect(record).toMatchObject({
      state: 'breached',
      met: false,
      escalationLevel: 'province',
      escalatedTo: [],
    });
    expect(await incidentModel(h.projection).countDocuments({ processInstanceKey: key })).toBe(0);
  }, 60_000);
});
