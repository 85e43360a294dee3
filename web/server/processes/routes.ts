import { z } from 'zod';
import type { ApiDeps } from '../api-deps';
import { route, type ApiRoute } from '../http/route';
import { deployProcess, listProcesses, processXml } from './processes.service';

const definition = z.object({
  bpmnProcessId: z.string(),
  version: z.number(),
  key: z.string(),
  name: z.string(),
});

export function processRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route(
      {
        method: 'get',
        path: '/processes',
        summary: 'Deployed process definitions',
        tag: 'processes',
        access: 'login',
        responses: { 200: { description: 'every deployed version', schema: z.array(definition) } },
      },
      () => listProcesses(deps),
    ),
    route(
      {
        method: 'post',
        path: '/processes',
        summary: 'Lint, then deploy a BPMN model',
        tag: 'processes',
        access: 'login',
        roles: ['process-designer'],
        body: z.strictObject({ name: z.string().min(1).max(200), xml: z.string().min(1).max(900_000) }),
        responses: {
          201: { description: 'deployed', schema: definition.omit({ name: true }) },
          422: { description: 'lint findings or a model the engine refused' },
        },
      },
      ({ body, principal }) => deployProcess(deps, principal, body),
    ),
    route(
      {
        method: 'get',
        path: '/processes/:key/xml',
        summary: 'The BPMN XML of a deployed definition (for the diagram)',
        tag: 'processes',
        access: 'login',
        params: z.object({ key: z.string().regex(/^\d+$/) }),
        responses: {
          200: { description: 'the XML', schema: z.object({ key: z.string(), bpmnXml: z.string() }) },
        },
      },
      ({ params }) => processXml(deps, params.key),
    ),
  ];
}
