/** Our element templates (processes/element-templates), one per job type, bundled into the modeler. */
const modules = import.meta.glob('../../../../processes/element-templates/*.json', {
  eager: true,
  import: 'default',
});

export const ELEMENT_TEMPLATES: unknown[] = Object.values(modules);
