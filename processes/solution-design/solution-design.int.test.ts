import { usePathTestHarness } from '../../test/support/path-test-harness';
import { customerIntake, driveSolutionDesign } from '../../test/support/process-paths';

/** Every gateway outcome of solution-design 整体解决方案, on the real broker, read from the projection. */
describe('solution-design paths', () => {
  const paths = usePathTestHarness({
    processes: ['solution-design'],
    jobTypes: ['gcflow.support-order.dispatch', 'gcflow.knowledge.archive'],
  });

  const start = () => paths.driver.start('solution-design', customerIntake());

  it('given no support needed and approval, when the customer accepts, then the solution is archived and accepted', async () => {
    const key = await start();
    await driveSolutionDesign(paths.driver, key, [{ review: 'approved', outcome: 'accepted' }]);
    const done = await paths.driver.completed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining(['Task_ArchiveSolution', 'End_SolutionAccepted']),
    );
    expect(done.completedElementIds).not.toContain('Task_DispatchSupportOrder');
    expect(done.completedElementIds).not.toContain('End_SolutionLost');
    const archive = paths.handledAt(key, 'Task_ArchiveSolution')[0];
    expect(archive?.customHeaders).toEqual({ library: 'solutions' });
  });

  it('given the draft asks for support, when the order is dispatched and worked, then the path runs through support', async () => {
    const key = await start();
    await driveSolutionDesign(paths.driver, key, [
      { supportNeeded: true, review: 'approved', outcome: 'accepted' },
    ]);
    const done = await paths.driver.completed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining(['Task_DispatchSupportOrder', 'Task_SupportWork', 'End_SolutionAccepted']),
    );
    const dispatched = paths.workers.handled.find(
      (j) => j.processInstanceKey === key && j.type === 'gcflow.support-order.dispatch',
    );
    expect(dispatched?.customHeaders).toEqual({ orderKind: 'solution-support' });
  });

  it('given the internal review asks for revision, when the second draft is approved, then it loops back once', async () => {
    const key = await start();
    await driveSolutionDesign(paths.driver, key, [
      { review: 'revise' },
      { review: 'approved', outcome: 'accepted' },
    ]);
    const done = await paths.driver.completed(key);
    expect(done.takenSequenceFlowIds).toContain('Flow_sd_reviewRevise');
    expect(await paths.driver.taskCount(key, 'Task_DraftSolution')).toBe(2);
    expect(await paths.driver.taskCount(key, 'Task_CustomerPresentation')).toBe(1);
    expect(done.completedElementIds).toContain('End_SolutionAccepted');
  });

  it('given the customer asks for revision, when the revised solution is accepted, then it was presented twice', async () => {
    const key = await start();
    await driveSolutionDesign(paths.driver, key, [
      { review: 'approved', outcome: 'revise' },
      { review: 'approved', outcome: 'accepted' },
    ]);
    const done = await paths.driver.completed(key);
    expect(done.takenSequenceFlowIds).toContain('Flow_sd_customerRevise');
    expect(await paths.driver.taskCount(key, 'Task_CustomerPresentation')).toBe(2);
    expect(done.completedElementIds).toContain('End_SolutionAccepted');
  });

  it('given the customer turns the solution down, then it ends as lost without archiving', async () => {
    const key = await start();
    await driveSolutionDesign(paths.driver, key, [{ review: 'approved', outcome: 'lost' }]);
    const done = await paths.driver.completed(key);
    expect(done.completedElementIds).toContain('End_SolutionLost');
    expect(done.completedElementIds).not.toContain('Task_ArchiveSolution');
    expect(done.completedElementIds).not.toContain('End_SolutionAccepted');
  });

  it('given a user task, then the paths.projection carries its candidate group, form key and headers', async () => {
    const key = await start();
    const task = await paths.driver.complete(key, 'Task_DraftSolution', {
      solutionTitle: 't',
      solutionSummary: 'summary text',
      supportNeeded: false,
    });
    expect(task.candidateGroups).toEqual(['industry-manager']);
    expect(task.formKey).toBe('gcflow:solution-draft');
    expect(task.customHeaders).toEqual({
      assignmentRule: 'industry-manager',
      slaPolicy: 'presales-standard',
      salesStage: 'pre-sales',
    });
    await paths.zbc.cancelProcessInstance(key);
  });
});
