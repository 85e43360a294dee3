import { z } from 'zod';
import { taskFormModel } from '../../../models/task-form';
import type { ApiDeps } from '../api-deps';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/audit';
import { route, type ApiRoute } from '../http/route';

const formId = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/) });
const formSchema = z.looseObject({ components: z.array(z.unknown()) });

/**
 * User-task forms (`gcflow:<formId>`) for the modeler's form editor: read one, and store a new schema that
 * tasks with this form key show from then on (as a deploy stores the forms of `processes/`).
 */
export function formRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route(
      {
        method: 'get',
        path: '/forms/:id',
        summary: 'The form-js schema of a user-task form',
        tag: 'processes',
        access: 'login',
        params: formId,
        responses: {
          200: { description: 'the form', schema: z.object({ id: z.string(), schema: formSchema }) },
          404: { description: 'no such form' },
        },
      },
      async ({ params }) => {
        const form = await taskFormModel(deps.mongo).findById(params.id).lean();
        if (!form) throw new AppError(404, 'not_found', `no form ${params.id}`);
        return { id: params.id, schema: JSON.parse(form.schemaJson) as unknown };
      },
    ),
    route(
      {
        method: 'put',
        path: '/forms/:id',
        summary: 'Store a user-task form (process designers)',
        tag: 'processes',
        access: 'login',
        roles: ['process-designer'],
        params: formId,
        body: z.strictObject({ schema: formSchema }),
        responses: { 204: { description: 'stored' } },
      },
      async ({ params, body, principal }) => {
        const schema = { ...body.schema, id: params.id };
        await taskFormModel(deps.mongo).updateOne(
          { _id: params.id },
          { $set: { schemaJson: JSON.stringify(schema), deployedAt: new Date() } },
          { upsert: true },
        );
        await recordAudit(deps, {
          action: 'deploy',
          actor: principal.username,
          subject: `form:${params.id}`,
        });
        return undefined;
      },
    ),
  ];
}
