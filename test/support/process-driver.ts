import path from 'node:path';
import type { Connection } from 'mongoose';
import type { ZBClient } from 'zeebe-node';
import type { JSONDoc } from 'zeebe-node/dist/lib/interfaces-1.0';
import { processInstanceModel } from '../../models/process-instance';
import { userTaskModel } from '../../models/user-task';
import { deployAllProcesses, PROCESSES_DIR } from '../../processes/deploy';
import { waitFor } from './stack';

const TIMEOUT_MS = 30_000;

/** Deploys the given process folders of processes/ (callees first: list them first). */
export async function deployProcessFolders(zbc: ZBClient, folders: string[]): Promise<void> {
  for (const folder of folders) await deployAllProcesses(zbc, { dir: path.join(PROCESSES_DIR, folder) });
}

/**
 * Drives process instances on the real broker the way the inbox does: finds open user tasks in the
 * projection and completes their jobs; reads the path taken back from the projection.
 */
export class ProcessDriver {
  constructor(
    private readonly zbc: ZBClient,
    private readonly projection: Connection,
    /** Set as variable `testRun` on every instance started, for the test workers to recognise. */
    private readonly runId?: string,
  ) {}

  private get tasks() {
    return userTaskModel(this.projection);
  }

  private get instances() {
    return processInstanceModel(this.projection);
  }

  async start(bpmnProcessId: string, variables: Record<string, unknown>): Promise<string> {
    const { processInstanceKey } = await this.zbc.createProcessInstance({
      bpmnProcessId,
      variables: (this.runId ? { ...variables, testRun: this.runId } : variables) as JSONDoc,
    });
    return String(processInstanceKey);
  }

  /** The instance of `bpmnProcessId` called from `parentKey` (the newest when called more than once). */
  async child(parentKey: string, bpmnProcessId: string): Promise<string> {
    const child = await waitFor(
      () =>
        this.instances
          .findOne({ parentProcessInstanceKey: parentKey, bpmnProcessId })
          .sort({ startedAt: -1 })
          .lean(),
      { what: `a ${bpmnProcessId} instance called from ${parentKey}`, timeoutMs: TIMEOUT_MS },
    );
    return child.processInstanceKey;
  }

  /** Waits for the open user task `elementId` of the instance, checks it, completes it with `variables`. */
  async complete(
    processInstanceKey: string,
    elementId: string,
    variables: Record<string, unknown>,
    filter: { assignee?: string } = {},
  ) {
    const task = await waitFor(
      () => this.tasks.findOne({ processInstanceKey, elementId, state: 'open', ...filter }).lean(),
      { what: `open user task ${elementId} in ${processInstanceKey}`, timeoutMs: TIMEOUT_MS },
    );
    await this.zbc.completeJob({ jobKey: task.jobKey, variables });
    // Wait until the projection has closed it, so a revise loop does not find this task again.
    await waitFor(async () => (await this.tasks.findById(task._id).lean())?.state === 'completed', {
      what: `user task ${elementId} (${task.jobKey}) completed in the projection`,
      timeoutMs: TIMEOUT_MS,
    });
    return task;
  }

  async openTasks(processInstanceKey: string, elementId: string, count: number) {
    return waitFor(
      async () => {
        const open = await this.tasks.find({ processInstanceKey, elementId, state: 'open' }).lean();
        return open.length === count && open;
      },
      { what: `${count} open ${elementId} tasks in ${processInstanceKey}`, timeoutMs: TIMEOUT_MS },
    );
  }

  async taskCount(processInstanceKey: string, elementId: string): Promise<number> {
    return this.tasks.countDocuments({ processInstanceKey, elementId });
  }

  async publish(name: string, correlationKey: string, variables: Record<string, unknown>): Promise<void> {
    await this.zbc.publishMessage({ name, correlationKey, variables, timeToLive: 60_000 });
  }

  /** Waits until the instance has completed (at an `End_*` event) and returns its projection. */
  async completed(processInstanceKey: string) {
    return waitFor(
      async () => {
        const instance = await this.instances.findById(processInstanceKey).lean();
        // The projector sets the state before it refreshes the element summaries; wait for both, so an
        // assertion on completedElementIds does not read the summary of a moment earlier.
        const settled =
          instance?.state === 'COMPLETED' &&
          instance.activeElementIds.length === 0 &&
          instance.completedElementIds.some((id) => id.startsWith('End_'));
        return settled && instance;
      },
      { what: `instance ${processInstanceKey} completed in the projection`, timeoutMs: TIMEOUT_MS },
    );
  }
}
