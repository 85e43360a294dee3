import { z } from 'zod';

/** Zeebe keys travel as decimal strings (they exceed 2^53). */
export const zeebeKey = z.string().regex(/^\d{1,20}$/, 'expected a numeric key');
export const keyParams = z.object({ key: zeebeKey });
export const idParams = z.object({ id: z.string().min(1).max(200) });
export const limitQuery = z.coerce.number().int().min(1).max(200).default(50);
export const cursorQuery = z.string().max(500).optional();
/** Process variables and form answers: any JSON object (unsafe keys are refused before this). */
export const variablesSchema = z.record(z.string(), z.unknown());
export const pageHeaders =
  'the next page, when there is one, is named by the `X-Next-Cursor` response header';
