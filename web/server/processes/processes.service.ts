import { processDefinitionModel } from '../../../models/process-definition';
import { hasErrors, lintBpmn } from '../../../processes/lint';
import type { ApiDeps } from '../api-deps';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/audit';
import type { Principal } from '../http/principal';
import { storeDeployedDefinitions } from './deployed-resources';
import { elementNames } from './element-names';

export interface ProcessSummary {
  bpmnProcessId: string;
  version: number;
  key: string;
  name: string;
}

/** Deployed definitions, newest version of each process first, with the process's name from its XML. */
export async function listProcesses(deps: ApiDeps): Promise<ProcessSummary[]> {
  const rows = await processDefinitionModel(deps.mongo)
    .find({}, { bpmnProcessId: 1, version: 1 })
    .sort({ bpmnProcessId: 1, version: -1 })
    .lean();
  return Promise.all(
    rows.map(async (row) => ({
      bpmnProcessId: row.bpmnProcessId,
      version: row.version,
      key: row._id,
      name: (await elementNames(deps.mongo, row._id)).get(row.bpmnProcessId) ?? row.bpmnProcessId,
    })),
  );
}

export async function processXml(deps: ApiDeps, key: string): Promise<{ key: string; bpmnXml: string }> {
  const row = await processDefinitionModel(deps.mongo).findById(key, { bpmnXml: 1 }).lean();
  if (!row) throw new AppError(404, 'not_found', `no process definition ${key}`);
  return { key, bpmnXml: row.bpmnXml };
}

/** Lints with the same linter the deploy step uses, then deploys; a model with lint errors is never sent. */
export async function deployProcess(
  deps: ApiDeps,
  principal: Principal,
  input: { name: string; xml: string },
): Promise<{ bpmnProcessId: string; version: number; key: string }> {
  let findings;
  try {
    findings = await lintBpmn(input.xml);
  } catch (err) {
    throw new AppError(422, 'invalid_bpmn', 'the XML is not a BPMN model', [
      { rule: 'parse', message: (err as Error).message },
    ]);
  }
  if (hasErrors(findings)) {
    throw new AppError(
      422,
      'lint_failed',
      'the model has lint errors',
      findings.filter((f) => f.category === 'error'),
    );
  }
  const resourceName = input.name.endsWith('.bpmn') ? input.name : `${input.name}.bpmn`;
  let deployed;
  try {
    const res = await deps.zbc.deployResource({ name: resourceName, process: Buffer.from(input.xml) });
    deployed = res.deployments.find((d) => d.process)?.process;
  } catch (err) {
    throw new AppError(422, 'deploy_rejected', 'the engine refused the model', [
      { message: (err as Error).message },
    ]);
  }
  if (!deployed) throw new AppError(422, 'deploy_rejected', 'the resource held no process');
  const result = {
    bpmnProcessId: deployed.bpmnProcessId,
    version: deployed.version,
    key: String(deployed.processDefinitionKey),
  };
  await storeDeployedDefinitions(deps.mongo, [{ ...result, resourceName, bpmnXml: input.xml }], new Date());
  await recordAudit(deps, {
    action: 'deploy',
    actor: principal.username,
    subject: result.bpmnProcessId,
    details: result,
  });
  return result;
}
