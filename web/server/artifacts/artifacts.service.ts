import { reportArtifactModel, type ReportArtifact } from '../../../models/report-artifact';
import { readAttachment } from '../../../workers/reports/attachments';
import type { ApiDeps } from '../api-deps';
import { AppError } from '../app-error';
import type { Principal } from '../http/principal';
import { instanceInScope } from '../instances/instances.service';

type ArtifactRow = ReportArtifact & { _id: string };

/** An artifact is visible when its instance is (city scope); otherwise 404. */
export async function artifactInScope(deps: ApiDeps, principal: Principal, id: string): Promise<ArtifactRow> {
  const artifact = await reportArtifactModel(deps.mongo).findById(id).lean<ArtifactRow>();
  if (!artifact) throw new AppError(404, 'not_found', `no artifact ${id}`);
  await instanceInScope(deps, principal, artifact.processInstanceKey).catch(() => {
    throw new AppError(404, 'not_found', `no artifact ${id}`);
  });
  return artifact;
}

export async function listArtifacts(deps: ApiDeps, principal: Principal, processInstanceKey: string) {
  await instanceInScope(deps, principal, processInstanceKey);
  const rows = await reportArtifactModel(deps.mongo)
    .find({ processInstanceKey }, { sections: 0 })
    .sort({ kind: 1, version: -1 })
    .lean<ArtifactRow[]>();
  return rows.map(({ _id, ...rest }) => ({ id: _id, ...rest }));
}

/** The report as a Markdown document to download. */
export function renderMarkdown(artifact: ArtifactRow): string {
  const lines = [
    `# ${artifact.title?.zh ?? artifact.kind} ${artifact.title?.en ?? ''}`,
    '',
    `v${artifact.version} · ${artifact.createdAt.toISOString()} · ${artifact.authors.join(', ')}`,
    '',
  ];
  for (const s of artifact.sections) lines.push(`## ${s.heading ?? ''}`, '', s.body ?? '', '');
  return lines.join('\n');
}

export async function attachment(deps: ApiDeps, principal: Principal, id: string, fileId: string) {
  const artifact = await artifactInScope(deps, principal, id);
  const ref = artifact.attachments.find((a) => a.fileId === fileId);
  if (!ref) throw new AppError(404, 'not_found', `no attachment ${fileId} on artifact ${id}`);
  return { ref, content: await readAttachment(deps.mongo, fileId) };
}
