import { usePathTestHarness } from '../../test/support/path-test-harness';
import { REVIEWERS, customerIntake, driveRequirementMining } from '../../test/support/process-paths';

/**
 * Every gateway outcome of requirement-mining 需求挖掘 on the real broker: value screening, the parallel
 * feasibility review by three reviewers, the called solution design, the project approval.
 */
describe('requirement-mining paths', () => {
  const paths = usePathTestHarness({
    processes: ['solution-design', 'requirement-mining'],
    jobTypes: [
      'gcflow.knowledge.archive',
      'gcflow.report.generate',
      'gcflow.notify.staff',
      'gcflow.support-order.dispatch',
    ],
  });

  const start = () => paths.driver.start('requirement-mining', customerIntake());

  it('given a low-value demand, then it is archived to the customer demand database and nothing else runs', async () => {
    const key = await start();
    await driveRequirementMining(paths.driver, key, { demandValue: 'low' });
    const done = await paths.driver.completed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining(['Task_ArchiveLowValueDemand', 'End_LowValueArchived']),
    );
    expect(done.completedElementIds).not.toContain('Task_ResearchDemand');
    expect(paths.handledAt(key, 'Task_ArchiveLowValueDemand')[0]?.customHeaders).toEqual({
      library: 'customer-demand',
    });
  });

  it('given one of three reviewers finds it infeasible, then the feasibility report is made and it ends infeasible', async () => {
    const key = await start();
    await driveRequirementMining(paths.driver, key, { demandValue: 'high', feasible: [true, false, true] });
    const done = await paths.driver.completed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining(['Task_FeasibilityReport', 'Task_NotifyInfeasible', 'End_Infeasible']),
    );
    expect(done.completedElementIds).not.toContain('Call_SolutionDesign');
    expect(paths.handledAt(key, 'Task_FeasibilityReport')[0]?.customHeaders).toEqual({
      reportKind: 'feasibility',
    });
    const reviews = await paths.projection
      .collection('usertasks')
      .find({ processInstanceKey: key, elementId: 'Task_FeasibilityReview' })
      .toArray();
    expect(reviews.map((r) => r.assignee).sort()).toEqual(Object.values(REVIEWERS).sort());
  });

  it('given all reviewers agree, when the customer turns the solution down, then the opportunity is lost', async () => {
    const key = await start();
    await driveRequirementMining(paths.driver, key, {
      demandValue: 'high',
      feasible: [true, true, true],
      solution: { review: 'approved', outcome: 'lost' },
    });
    const done = await paths.driver.completed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining(['Call_SolutionDesign', 'End_OpportunityLost']),
    );
    expect(done.completedElementIds).not.toContain('Task_ApprovalReport');
  });

  it('given an accepted solution, when the manager rejects the project, then it ends rejected', async () => {
    const key = await start();
    await driveRequirementMining(paths.driver, key, {
      demandValue: 'medium',
      feasible: [true, true, true],
      solution: { review: 'approved', outcome: 'accepted' },
      projectApproved: false,
    });
    const done = await paths.driver.completed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining(['Task_ApprovalReport', 'End_ProjectRejected']),
    );
    expect(done.completedElementIds).not.toContain('End_ProjectApproved');
  });

  it('given an accepted solution, when the manager approves, then the project approval report is made and the project approved', async () => {
    const key = await start();
    await driveRequirementMining(paths.driver, key, {
      demandValue: 'high',
      feasible: [true, true, true],
      solution: { review: 'approved', outcome: 'accepted' },
      projectApproved: true,
    });
    const done = await paths.driver.completed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining(['Call_SolutionDesign', 'Task_ProjectApproval', 'End_ProjectApproved']),
    );
    expect(done.completedElementIds).not.toContain('End_ProjectRejected');
    expect(paths.handledAt(key, 'Task_ApprovalReport')[0]?.customHeaders).toEqual({
      reportKind: 'project-approval',
    });
  });
});
