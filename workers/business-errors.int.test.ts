import type { Connection } from 'mongoose';
import type { ZBClient } from 'zeebe-node';
import { elementInstanceModel } from '../models/element-instance';
import { incidentModel } from '../models/incident';
import { processVariableModel } from '../models/process-variable';
import { slaPolicyDocumentModel } from '../models/sla-policy';
import { slaRecordModel } from '../models/sla-record';
import { supportOrderModel } from '../models/support-order';
import { ProcessDriver, deployProcessFolders } from '../test/support/process-driver';
import { customerIntake } from '../test/support/process-paths';
import { startRealWorkers, type RealWorkers } from '../test/support/real-workers';
import { connectProjection, connectTestDatabase, createZeebeClient } from '../test/support/stack';
import { newRunId } from '../test/support/test-workers';

/**
 * Business outcomes thrown by the real workers as BPMN errors (docs/CONVENTIONS.md, "Business errors") and
 * caught by the models' error boundary events on the real broker: the instance takes the modelled path, with
 * no incident.
 */
describe('business errors caught by the models', () => {
  const runId = newRunId('business-errors');
  let zbc: ZBClient;
  let projection: Connection;
  let mongo: Connection;
  let workers: RealWorkers;
  let driver: ProcessDriver;

  beforeAll(async () => {
    zbc = createZeebeClient();
    projection = await connectProjection();
    // no staff at all: nobody to escalate to
    mongo = await connectTestDatabase('business-errors');
    await slaPolicyDocumentModel(mongo).create({
      _id: 'complaint-grave',
      name: { zh: '重大投诉（测试）', en: 'Grave complaint (test)' },
      responseTargetMs: 500,
      resolutionTargetMs: 3000,
      warnAtRatio: 0.5,
      calendar: '24x7',
      pauseWhileWaitingForCustomer: false,
    });
    await deployProcessFolders(zbc, ['solution-design', 'complaint-handling']);
    workers = startRealWorkers(
      { zbc, mongo, projection, log: () => undefined, now: () => new Date() },
      { runId, timeoutMs: 5000 },
    );
    driver = new ProcessDriver(zbc, projection, runId);
  });

  afterAll(async () => {
    await workers?.close();
    await zbc?.close();
    await mongo?.db?.dropDatabase().catch(() => undefined);
    await mongo?.close();
    await projection?.close();
  });

  const rootVariable = async (key: string, name: string) =>
    (await processVariableModel(projection).findOne({ processInstanceKey: key, scopeKey: key, name }).lean())
      ?.value;
  const passed = (key: string, elementId: string) =>
    elementInstanceModel(projection).countDocuments({ processInstanceKey: key, elementId });

  it('given a support order without a request, when the dispatch worker rejects it (SUPPORT_ORDER_REJECTED), then the model takes it back to the draft', async () => {
    const key = await driver.start('solution-design', customerIntake());
    await driver.complete(key, 'Task_DraftSolution', {
      solutionTitle: '方案 Solution',
      solutionSummary: '摘要 Summary',
      supportNeeded: true,
      supportRequest: '  ',
    });
    await driver.complete(key, 'Task_ProductTariff', {
      productCombination: '5G 专网',
      tariffPlan: '套餐 A',
      monthlyFee: 1000,
      newProductNeeded: false,
    });
    await driver.openTasks(key, 'Task_DraftSolution', 1);
    expect(await driver.taskCount(key, 'Task_DraftSolution')).toBe(2);
    expect(await passed(key, 'Boundary_SupportOrderRejected')).toBe(1);
    expect(await passed(key, 'Task_SupportWork')).toBe(0);
    expect(await rootVariable(key, 'businessErrorCode')).toBe('SUPPORT_ORDER_REJECTED');
    expect(String(await rootVariable(key, 'businessErrorMessage'))).toContain('without a request');
    expect(await supportOrderModel(mongo).countDocuments({ processInstanceKey: key })).toBe(0);
    expect(await incidentModel(projection).countDocuments({ processInstanceKey: key })).toBe(0);

    // with a request the second round dispatches it
    await driver.complete(key, 'Task_DraftSolution', {
      solutionTitle: '方案 Solution',
      solutionSummary: '摘要 Summary',
      supportNeeded: true,
      supportRequest: '需要网络规划支撑 Network planning',
    });
    await driver.complete(key, 'Task_ProductTariff', {
      productCombination: '5G 专网',
      tariffPlan: '套餐 A',
      monthlyFee: 1000,
      newProductNeeded: false,
    });
    await driver.openTasks(key, 'Task_SupportWork', 1);
    expect(await supportOrderModel(mongo).countDocuments({ processInstanceKey: key })).toBe(1);
  });

  it('given a grave complaint breached where no manager is active, when escalation finds nobody (NO_ESCALATION_TARGET), then the breach is recorded and the escalated handling opens, with no incident', async () => {
    const key = await driver.start('complaint-handling', {
      customerId: '91440101MA59ABCD1X',
      customerName: '测试客户 Test customer',
      industry: 'transport',
      city: 'zz-nobody',
      accountManager: 'am.none',
      channel: 'hotline',
      description: '专线中断 Line down',
    });
    await driver.complete(key, 'Task_GradeComplaint', { category: 'network', grade: 'grave', cause: 'x' });
    await driver.openTasks(key, 'Task_EscalatedHandling', 1);
    expect(await passed(key, 'Boundary_NoProvinceManager')).toBe(1);
    expect(await rootVariable(key, 'businessErrorCode')).toBe('NO_ESCALATION_TARGET');
    const record = await slaRecordModel(mongo).findOne({ processInstanceKey: key, subject: 'case' }).lean();
    expect(record?.breachedAt).toBeInstanceOf(Date);
    expect(record).toMatchObject({
      state: 'breached',
      met: false,
      escalationLevel: 'province',
      escalatedTo: [],
    });
    expect(await incidentModel(projection).countDocuments({ processInstanceKey: key })).toBe(0);
  }, 60_000);
});
