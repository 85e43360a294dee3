import { usePathTestHarness } from '../../test/support/path-test-harness';
import {
  customerIntake,
  driveProductTrial,
  driveRequirementMining,
  type TrialRound,
} from '../../test/support/process-paths';

/**
 * Every gateway outcome of group-customer-project 集客项目 on the real broker, through the called
 * requirement mining (with its solution design) and, when a new product is needed, the product trial.
 */
describe('group-customer-project paths', () => {
  const paths = usePathTestHarness({
    processes: ['solution-design', 'product-trial', 'requirement-mining', 'group-customer-project'],
    jobTypes: [
      'gcflow.knowledge.archive',
      'gcflow.report.generate',
      'gcflow.notify.staff',
      'gcflow.notify.customer',
      'gcflow.support-order.dispatch',
      'gcflow.service-opening.update-progress',
      'gcflow.customer.record-touch',
    ],
  });

  /** Starts a project and drives it to contract signing (or to its earlier end). */
  async function runProject(opts: { approved: boolean; newProduct?: boolean; trial?: TrialRound }) {
    const key = await paths.driver.start('group-customer-project', {
      ...customerIntake(),
      projectName: '地铁 5G 专网项目',
    });
    const mining = await paths.driver.child(key, 'requirement-mining');
    await driveRequirementMining(
      paths.driver,
      mining,
      opts.approved
        ? {
            demandValue: 'high',
            feasible: [true, true, true],
            solution: { review: 'approved', outcome: 'accepted', newProductNeeded: opts.newProduct ?? false },
            projectApproved: true,
          }
        : { demandValue: 'low' },
    );
    if (opts.trial)
      await driveProductTrial(paths.driver, await paths.driver.child(key, 'product-trial'), [opts.trial]);
    return key;
  }

  async function deliver(key: string) {
    await paths.driver.complete(key, 'Task_ContractSigning', {
      contractSigned: true,
      contractNo: 'GZ-2026-0815',
      contractValue: 1_200_000,
    });
    await paths.driver.complete(key, 'Task_Installation', {
      installationReport: '50 个站点完成 50 sites done',
      siteAccepted: true,
    });
    await paths.driver.complete(key, 'Task_ServiceOpening', {
      openedServices: '专线 GZ-DL-001 dedicated line',
    });
  }

  it('given requirement mining does not approve the project, then the project ends not approved', async () => {
    const key = await runProject({ approved: false });
    const done = await paths.driver.completed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining(['Call_RequirementMining', 'End_ProjectNotApproved']),
    );
    expect(done.completedElementIds).not.toContain('Gateway_NewProduct');
  });

  it('given an approved project without a new product, when signed, installed and opened, then it is handed over to care', async () => {
    const key = await runProject({ approved: true, newProduct: false });
    await deliver(key);
    const done = await paths.driver.completed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining([
        'Task_ContractSigning',
        'Task_ProgressOpened',
        'Task_RecordHandover',
        'End_HandedOver',
      ]),
    );
    expect(done.completedElementIds).not.toContain('Call_ProductTrial');
    // the progress the customer can query, stage by stage
    const stages = paths.workers.handled
      .filter((j) => j.processInstanceKey === key && j.type === 'gcflow.service-opening.update-progress')
      .map((j) => j.customHeaders.stage);
    expect(stages).toEqual(['installation', 'service-opening', 'opened']);
  });

  it('given a new product is needed, when the trial scales and the contract is signed, then the project is delivered', async () => {
    const key = await runProject({
      approved: true,
      newProduct: true,
      trial: { feedback: 'message', decision: 'scale' },
    });
    await deliver(key);
    const done = await paths.driver.completed(key);
    expect(done.completedElementIds).toEqual(expect.arrayContaining(['Call_ProductTrial', 'End_HandedOver']));
    expect(done.takenSequenceFlowIds).toEqual(
      expect.arrayContaining(['Flow_gp_newProduct', 'Flow_gp_trialScale']),
    );
  });

  it('given a new product is needed, when the committee stops it, then the project ends with the product stopped', async () => {
    const key = await runProject({
      approved: true,
      newProduct: true,
      trial: { feedback: 'timeout', decision: 'stop' },
    });
    const done = await paths.driver.completed(key);
    expect(done.completedElementIds).toContain('End_TrialStopped');
    expect(done.completedElementIds).not.toContain('Task_ContractSigning');
  });

  it('given an approved project, when the customer does not sign, then it ends not signed', async () => {
    const key = await runProject({ approved: true, newProduct: false });
    await paths.driver.complete(key, 'Task_ContractSigning', {
      contractSigned: false,
      signingNote: '预算冻结 budget frozen',
    });
    const done = await paths.driver.completed(key);
    expect(done.completedElementIds).toContain('End_NotSigned');
    expect(done.completedElementIds).not.toContain('Task_Installation');
  });
});
