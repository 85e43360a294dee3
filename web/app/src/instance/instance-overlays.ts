/**
 * A bpmn-js module: the instance's state on the diagram — token counts on active elements, the completed
 * path (elements and taken sequence flows), incidents with a retry button, links from call activities to
 * their child instances.
 */
import type { ElementRow, InstanceDetail } from './instance-api';

interface Overlays {
  add(element: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement }): void;
  remove(filter: { type: string }): void;
}
interface Canvas {
  addMarker(element: string, marker: string): void;
}
interface ElementRegistry {
  get(id: string):
    | {
        businessObject?: {
          calledElement?: unknown;
          extensionElements?: { values?: { $type: string; processId?: string }[] };
        };
      }
    | undefined;
}

export interface OverlayActions {
  retry(incidentKey: string): void;
  openInstance(key: string): void;
  labels: { retry: string; child: string };
}

export class InstanceOverlays {
  static $inject = ['overlays', 'canvas', 'elementRegistry'];

  constructor(
    private readonly overlays: Overlays,
    private readonly canvas: Canvas,
    private readonly registry: ElementRegistry,
  ) {}

  show(instance: InstanceDetail, actions: OverlayActions): void {
    this.overlays.remove({ type: 'gc-instance' });
    const has = (id: string) => Boolean(this.registry.get(id));
    for (const id of instance.completedElementIds) if (has(id)) this.canvas.addMarker(id, 'gc-completed');
    for (const id of instance.takenSequenceFlowIds) if (has(id)) this.canvas.addMarker(id, 'gc-taken');
    const tokens = new Map<string, number>();
    for (const e of instance.elements as ElementRow[])
      if ((e.state === 'active' || e.state === 'activating') && e.bpmnElementType !== 'PROCESS')
        tokens.set(e.elementId, (tokens.get(e.elementId) ?? 0) + 1);
    for (const id of instance.activeElementIds) if (!tokens.has(id)) tokens.set(id, 1);
    for (const [id, count] of tokens) {
      if (!has(id)) continue;
      this.canvas.addMarker(id, 'gc-active');
      const badge = Object.assign(document.createElement('span'), {
        className: 'gc-token',
        textContent: String(count),
      });
      badge.dataset.element = id;
      this.overlays.add(id, 'gc-instance', { position: { bottom: 10, left: -10 }, html: badge });
    }
    for (const incident of instance.incidents.filter((i) => i.state === 'open')) {
      if (!has(incident.elementId)) continue;
      this.canvas.addMarker(incident.elementId, 'gc-incident');
      const box = document.createElement('div');
      box.className = 'gc-incident-badge';
      box.title = incident.errorMessage;
      box.textContent = '!';
      const button = Object.assign(document.createElement('button'), {
        type: 'button',
        textContent: actions.labels.retry,
      });
      button.addEventListener('click', () => actions.retry(incident.key));
      box.append(button);
      this.overlays.add(incident.elementId, 'gc-instance', { position: { top: -14, right: 12 }, html: box });
    }
    for (const child of instance.children) {
      const callActivity = this.findCallActivity(child.bpmnProcessId);
      if (!callActivity) continue;
      const link = Object.assign(document.createElement('a'), {
        className: 'gc-child-link',
        href: `/instances/${child.processInstanceKey}`,
        textContent: `↘ ${actions.labels.child}`,
      });
      link.addEventListener('click', (e) => {
        e.preventDefault();
        actions.openInstance(child.processInstanceKey);
      });
      this.overlays.add(callActivity, 'gc-instance', { position: { bottom: -4, right: 0 }, html: link });
    }
  }

  private findCallActivity(processId: string): string | null {
    const all = (
      this.registry as unknown as {
        getAll(): {
          id: string;
          type: string;
          businessObject: { extensionElements?: { values?: { $type: string; processId?: string }[] } };
        }[];
      }
    ).getAll();
    const match = all.find(
      (e) =>
        e.type === 'bpmn:CallActivity' &&
        e.businessObject.extensionElements?.values?.some(
          (v) => v.$type === 'zeebe:CalledElement' && v.processId === processId,
        ),
    );
    return match?.id ?? null;
  }
}

export const instanceOverlaysModule = {
  __init__: ['instanceOverlays'],
  instanceOverlays: ['type', InstanceOverlays],
};
