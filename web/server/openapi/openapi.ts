import { z } from 'zod';
import type { ApiRoute } from '../http/route';

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.array(z.unknown()) }),
});

/** JSON Schema of a zod schema as OpenAPI 3.1 takes it (JSON Schema 2020-12), without the `$schema` marker. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

/** `/tasks/:id` → `/tasks/{id}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** The OpenAPI 3.1 document of every route the API mounts, built from the same specs that guard them. */
export function buildOpenApiDocument(routes: ApiRoute[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { spec } of routes) {
    const path = `/api${openApiPath(spec.path)}`;
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(spec.responses)) {
      const contentType = response.contentType ?? 'application/json';
      responses[status] = {
        description: response.description,
        ...(response.schema || response.contentType
          ? {
              content: {
                [contentType]: response.schema ? { schema: jsonSchema(response.schema, 'output') } : {},
              },
            }
          : {}),
      };
    }
    const errors: Record<string, string> = {
      '400': 'malformed input or unsafe keys',
      '500': 'unexpected error',
    };
    if (spec.access === 'login') {
      errors['401'] = 'no token, an invalid or expired token, or a disabled account';
      if (spec.roles) errors['403'] = `role not allowed (needs ${spec.roles.join(', ')})`;
    }
    for (const [status, description] of Object.entries(errors)) {
      responses[status] ??= {
        description,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    paths[path] ??= {};
    paths[path][spec.method] = {
      operationId: `${spec.method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.access === 'login' ? { security: [{ bearer: [] }] } : { security: [] }),
      ...(spec.roles ? { 'x-roles': spec.roles } : {}),
      parameters: [...parametersOf(spec.params, 'path'), ...parametersOf(spec.query, 'query')],
      ...(spec.rawBody
        ? {
            requestBody: {
              required: true,
              description: spec.rawBody.description,
              content: Object.fromEntries(
                spec.rawBody.contentTypes.map((type) => [
                  type,
                  { schema: { type: 'string', contentMediaType: type } },
                ]),
              ),
            },
          }
        : {}),
      ...(spec.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'gcflow API',
      version,
      description:
        'Group-customer processes on Zeebe: inbox, instances, dashboards, customers. Errors are ' +
        '`{ error: { code, message, details } }`. City staff see their own city only; an id outside it answers 404.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: jsonSchema(errorSchema, 'output') },
    },
    paths,
  };
}
