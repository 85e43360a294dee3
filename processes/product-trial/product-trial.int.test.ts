import { usePathTestHarness } from '../../test/support/path-test-harness';
import { customerIntake, driveProductTrial } from '../../test/support/process-paths';

/**
 * Every gateway outcome of product-trial 产品开发/试商用 on the real broker: trial timer (PT2S), feedback by
 * message or feedback timeout, committee decision scale / revise / stop.
 */
describe('product-trial paths', () => {
  const paths = usePathTestHarness({
    processes: ['product-trial'],
    jobTypes: ['gcflow.notify.customer', 'gcflow.notify.staff', 'gcflow.report.generate'],
  });

  const start = () =>
    paths.driver.start('product-trial', { ...customerIntake(), productCombination: '5G 专网' });

  it('given customer feedback by message after the trial period, when the committee scales, then it goes to scale commercial use', async () => {
    const key = await start();
    await driveProductTrial(paths.driver, key, [{ feedback: 'message', decision: 'scale' }]);
    const done = await paths.driver.completed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining([
        'Event_TrialPeriodElapsed',
        'Event_FeedbackReceived',
        'Task_MarketForecast',
        'Task_NotifyScale',
        'End_ScaleCommercial',
      ]),
    );
    expect(done.completedElementIds).not.toContain('Event_FeedbackTimeout');
    const report = paths.handledAt(key, 'Task_MarketForecast')[0];
    expect(report?.customHeaders).toEqual({ reportKind: 'market-forecast' });
  });

  it('given no feedback within the wait, when the committee stops, then staff are told and the product stops', async () => {
    const key = await start();
    await driveProductTrial(paths.driver, key, [{ feedback: 'timeout', decision: 'stop' }]);
    const done = await paths.driver.completed(key);
    expect(done.completedElementIds).toEqual(
      expect.arrayContaining(['Event_FeedbackTimeout', 'Task_NotifyNoFeedback', 'End_TrialStopped']),
    );
    expect(done.completedElementIds).not.toContain('Event_FeedbackReceived');
    expect(done.completedElementIds).not.toContain('End_ScaleCommercial');
  });

  it('given the committee asks for revision, when the second trial is scaled, then design ran twice', async () => {
    const key = await start();
    await driveProductTrial(paths.driver, key, [
      { feedback: 'timeout', decision: 'revise' },
      { feedback: 'message', decision: 'scale' },
    ]);
    const done = await paths.driver.completed(key);
    expect(done.takenSequenceFlowIds).toContain('Flow_pt_revise');
    expect(await paths.driver.taskCount(key, 'Task_TrialDesign')).toBe(2);
    expect(done.completedElementIds).toContain('End_ScaleCommercial');
    expect(done.completedElementIds).not.toContain('End_TrialStopped');
  });
});
