import type { Connection } from 'mongoose';
import { processDefinitionModel } from '../../../models/process-definition';
import { taskFormModel } from '../../../models/task-form';
import type { DeployedProcess, DeployResult } from '../../../processes/deploy';
import { isDuplicateKey } from '../../../models/duplicate-key';

/**
 * Records a process version as deployed, before the projector sees its record. The projector alone is not
 * enough: the exporter drops a record once every consumer group has acknowledged it, so a projection whose
 * group starts later (a new database, a second environment) never gets the definitions deployed before, and
 * their instances would show no diagram and their tasks no names. Zeebe answers an unchanged model with the
 * version it already has, so a redeploy at start-up records those again. Position 0 lets the projector's own
 * write (guarded by record position) replace this one; the projector's earlier write is never overwritten.
 */
export async function storeDeployedDefinitions(
  mongo: Connection,
  processes: readonly DeployedProcess[],
  deployedAt: Date,
): Promise<void> {
  await Promise.all(
    processes.map(async (process) => {
      try {
        await processDefinitionModel(mongo).updateOne(
          { _id: process.key },
          {
            $setOnInsert: {
              processDefinitionKey: process.key,
              bpmnProcessId: process.bpmnProcessId,
              version: process.version,
              resourceName: process.resourceName,
              bpmnXml: process.bpmnXml,
              deployedAt,
              position: 0,
            },
          },
          { upsert: true },
        );
      } catch (err) {
        // the projector inserted it between our lookup and insert (FerretDB does not retry such an upsert)
        if (!isDuplicateKey(err)) throw err;
      }
    }),
  );
}

/** Stores what a deploy of processes/ produced: the forms (for `gcflow:<formId>` form keys) and the definitions. */
export async function storeDeployedResources(
  mongo: Connection,
  deployed: DeployResult,
  deployedAt: Date,
): Promise<void> {
  const forms = taskFormModel(mongo);
  await Promise.all([
    ...Object.entries(deployed.forms).map(([formId, schema]) =>
      forms
        .updateOne(
          { _id: formId },
          { $set: { schemaJson: JSON.stringify(schema), deployedAt } },
          { upsert: true },
        )
        .catch((err: unknown) => {
          // another replica starting at the same moment stored the same form
          if (!isDuplicateKey(err)) throw err;
        }),
    ),
    storeDeployedDefinitions(mongo, deployed.processes, deployedAt),
  ]);
}
