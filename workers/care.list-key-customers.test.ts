/**
 * The care levels of the customer model against the key-customer-care model: every stored level reaches
 * the care action meant for it, and the model tests no level the data cannot hold.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CARE_LEVELS } from '../models/customer';
import { parseBpmn, type ModdleElement } from '../processes/moddle';
import { toKeyCustomer } from './care.list-key-customers';

const MODEL = path.join(__dirname, '..', 'processes', 'key-customer-care', 'key-customer-care.bpmn');

/** Every flow element, sub-processes included. */
function flowElements(container: ModdleElement): ModdleElement[] {
  const own = (container.flowElements as ModdleElement[] | undefined) ?? [];
  return own.flatMap((e) => [e, ...flowElements(e)]);
}

async function personLevelGateway() {
  const { rootElement } = await parseBpmn(readFileSync(MODEL, 'utf8'));
  const process = (rootElement.rootElements as ModdleElement[]).find((r) => r.$type === 'bpmn:Process')!;
  const gateway = flowElements(process).find((e) => e.id === 'Gateway_PersonLevel')!;
  const outgoing = gateway.outgoing as ModdleElement[];
  const defaultFlow = gateway.default as ModdleElement | undefined;
  const conditional = outgoing.flatMap((flow) => {
    const body = (flow.conditionExpression as { body?: string } | undefined)?.body;
    const level = body && /^=keyPerson\.level = "([^"]+)"$/.exec(body.trim())?.[1];
    return level ? [{ level, target: (flow.targetRef as ModdleElement).id! }] : [];
  });
  return { outgoing, defaultFlow, conditional };
}

/** The target Gateway_PersonLevel takes for a level: its condition's flow, else the default flow. */
async function routeOf(level: string): Promise<string | undefined> {
  const { defaultFlow, conditional } = await personLevelGateway();
  const match = conditional.find((c) => c.level === level);
  return match ? match.target : (defaultFlow?.targetRef as ModdleElement | undefined)?.id;
}

describe('care levels', () => {
  it('given each level of the customer model, then Gateway_PersonLevel routes it to its own care action', async () => {
    const routes = Object.fromEntries(await Promise.all(CARE_LEVELS.map(async (l) => [l, await routeOf(l)])));
    expect(routes).toEqual({
      contact: 'Task_ContactCare',
      'key-person': 'Task_KeyPersonVisit',
      management: 'Task_ManagementVisit',
      other: 'Task_OthersGreeting',
    });
  });

  it('given the model, then every level a condition tests is one the customer model can store', async () => {
    const { outgoing, conditional } = await personLevelGateway();
    // all flows but the default carry a level condition of the expected shape
    expect(conditional).toHaveLength(outgoing.length - 1);
    for (const { level } of conditional) expect(CARE_LEVELS).toContain(level);
  });

  it('given a stored key customer, when mapped for the care run, then each person keeps level and title', () => {
    const mapped = toKeyCustomer({
      _id: '91440606MA4UEXAMP1',
      name: { zh: '美的集团', en: 'Midea Group' },
      industry: 'manufacturing',
      city: 'fs',
      accountManager: 'am.huang',
      people: CARE_LEVELS.map((careLevel, i) => ({
        name: `p${i}`,
        title: i === 0 ? '' : `t${i}`,
        careLevel,
        mobile: null,
        email: null,
      })),
    });
    expect(mapped).toEqual({
      customerId: '91440606MA4UEXAMP1',
      customerName: '美的集团',
      industry: 'manufacturing',
      city: 'fs',
      accountManager: 'am.huang',
      keyPeople: [
        { name: 'p0', level: 'contact', title: '' },
        { name: 'p1', level: 'key-person', title: 't1' },
        { name: 'p2', level: 'management', title: 't2' },
        { name: 'p3', level: 'other', title: 't3' },
      ],
    });
  });
});
