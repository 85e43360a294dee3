/**
 * One place that builds the BPMN moddle with the Zeebe extension, shared by the linter, the deploy
 * step and the model tests. bpmn-moddle ships no types, so the little we use is typed here.
 */
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';

/** A parsed BPMN element; moddle objects are dynamic, so fields are read by name. */
export interface ModdleElement {
  $type: string;
  id?: string;
  name?: string;
  $parent?: ModdleElement;
  [key: string]: unknown;
}

export interface ParseResult {
  rootElement: ModdleElement;
  /** Import problems (unknown elements, unresolved references): kept, never swallowed. */
  warnings: Array<{ message: string }>;
}

interface BpmnModdleInstance {
  fromXML(xml: string, type?: string): Promise<ParseResult>;
}

const createBpmnModdle = require('bpmn-moddle') as (packages?: Record<string, unknown>) => BpmnModdleInstance;

export function createModdle(): BpmnModdleInstance {
  return createBpmnModdle({ zeebe: zeebeModdle });
}

/** Parses BPMN XML with the Zeebe extension; throws on XML that is not BPMN at all. */
export async function parseBpmn(xml: string): Promise<ParseResult> {
  return createModdle().fromXML(xml, 'bpmn:Definitions');
}
