import type { Connection } from 'mongoose';
import { processDefinitionModel } from '../../../models/process-definition';
import { parseBpmn, type ModdleElement } from '../../../processes/moddle';

/** The extension property that holds an element's English name (docs/CONVENTIONS.md); `name` is the Chinese. */
export const ENGLISH_NAME_PROPERTY = 'nameEn';

/** A definition's element names by element id: the model's `name` (Chinese) and its `nameEn` property. */
export interface DefinitionNames {
  zh: Map<string, string>;
  en: Map<string, string>;
}

/** Parsed once per definition key (definitions never change). */
const cache = new Map<string, Promise<DefinitionNames>>();

export function definitionNames(mongo: Connection, processDefinitionKey: string): Promise<DefinitionNames> {
  let names = cache.get(processDefinitionKey);
  if (!names) {
    let stored = true;
    names = (async () => {
      const definition = await processDefinitionModel(mongo)
        .findById(processDefinitionKey, { bpmnXml: 1 })
        .lean<{ bpmnXml: string }>();
      const found: DefinitionNames = { zh: new Map(), en: new Map() };
      if (!definition) {
        stored = false;
        return found;
      }
      const visit = (element: ModdleElement) => {
        if (element.id && element.name) found.zh.set(element.id, element.name);
        const english = englishNameOf(element);
        if (element.id && english) found.en.set(element.id, english);
        for (const child of [
          ...((element.rootElements as ModdleElement[] | undefined) ?? []),
          ...((element.flowElements as ModdleElement[] | undefined) ?? []),
        ])
          visit(child);
      };
      visit((await parseBpmn(definition.bpmnXml)).rootElement);
      return found;
    })();
    cache.set(processDefinitionKey, names);
    // a definition not stored yet must be looked up again later (one without names is cached as such)
    void names.then(() => !stored && cache.delete(processDefinitionKey));
  }
  return names;
}

/** The model's (Chinese) element names of a definition. */
export async function elementNames(
  mongo: Connection,
  processDefinitionKey: string,
): Promise<Map<string, string>> {
  return (await definitionNames(mongo, processDefinitionKey)).zh;
}

/** The English element names (`nameEn`) of a definition. */
export async function englishElementNames(
  mongo: Connection,
  processDefinitionKey: string,
): Promise<Map<string, string>> {
  return (await definitionNames(mongo, processDefinitionKey)).en;
}

function englishNameOf(element: ModdleElement): string | undefined {
  const extensions = (element.extensionElements as { values?: ModdleElement[] } | undefined)?.values ?? [];
  for (const extension of extensions) {
    if (extension.$type !== 'zeebe:Properties') continue;
    const properties = (extension.properties as { name?: string; value?: string }[] | undefined) ?? [];
    const english = properties.find((p) => p.name === ENGLISH_NAME_PROPERTY)?.value?.trim();
    if (english) return english;
  }
  return undefined;
}

/** `nameEn` for rows that carry a definition key and an element id (tasks, element instances); null when none. */
export async function withEnglishNames<T extends { processDefinitionKey?: string | null; elementId: string }>(
  mongo: Connection,
  rows: readonly T[],
): Promise<(T & { nameEn: string | null })[]> {
  const keys = [...new Set(rows.map((r) => r.processDefinitionKey).filter((k): k is string => Boolean(k)))];
  const byKey = new Map(
    await Promise.all(keys.map(async (k) => [k, await englishElementNames(mongo, k)] as const)),
  );
  return rows.map((row) => ({
    ...row,
    nameEn: (row.processDefinitionKey && byKey.get(row.processDefinitionKey)?.get(row.elementId)) || null,
  }));
}
