/**
 * The modeler for process designers: bpmn-js with the properties panel and the Zeebe properties provider,
 * our element templates in the template chooser, live lint with the repository's bpmnlint rules (findings
 * on the elements), the form editor for user-task forms, open a file or a deployed version, drafts, deploy
 * (refused while lint finds errors; the API lints again), version history, BPMN/SVG download.
 */
import ElementTemplateChooserModule from '@bpmn-io/element-template-chooser';
import '@bpmn-io/element-template-chooser/dist/element-template-chooser.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import BpmnModeler from 'bpmn-js/lib/Modeler';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/diagram-js.css';
import lintModule from 'bpmn-js-bpmnlint';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import { CloudElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import 'bpmn-js-element-templates/dist/assets/element-templates.css';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  ZeebePropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import bpmnlintConfig from 'virtual:bpmnlint';
import { modelerTranslateModule } from './modeler-translate';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { ApiError } from '../core/http';
import { download, h, mount, toast } from '../core/dom';
import type { Screen } from '../core/screen';
import { t } from '../i18n/i18n';
import { ELEMENT_TEMPLATES } from './element-templates';
import type { OpenFormEditor } from './form-editor';
import { definitionXml, deploy, listDefinitions, type Definition } from './modeler-api';

const DRAFT_KEY = 'gcflow.modeler.draft';
const EMPTY = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0">
  <bpmn:process id="new-process" name="新流程" isExecutable="true">
    <bpmn:startEvent id="Start_1" name="开始" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="new-process">
      <bpmndi:BPMNShape id="Start_1_di" bpmnElement="Start_1"><dc:Bounds x="180" y="160" width="36" height="36" /></bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;

interface LintIssue {
  id: string;
  message: string;
  category: string;
}

export const screen: Screen = async (root) => {
  const canvasEl = h('div', { class: 'modeler-canvas', 'data-testid': 'modeler-canvas' });
  const propertiesEl = h('div', { class: 'properties', 'data-testid': 'properties-panel' });
  const lintStatus = h('span', { class: 'lint-status', 'data-testid': 'lint-status', role: 'status' });
  const findings = h('ul', { class: 'findings', 'data-testid': 'findings' });
  const versions = h('ul', { class: 'versions', 'data-testid': 'versions' });
  const formHost = h('div', { class: 'form-editor-host' });
  const formPanel = h('section', { class: 'panel form-editor', hidden: true, 'data-testid': 'form-editor' });
  const versionSelect = h('select', {
    'aria-label': t('modeler.openVersion'),
    'data-testid': 'open-version',
  });
  const fileInput = h('input', {
    type: 'file',
    accept: '.bpmn,.xml',
    hidden: true,
    'data-testid': 'open-file',
  });
  let definitions: Definition[] = [];
  let issues: Record<string, LintIssue[]> = {};
  let formEditor: OpenFormEditor | null = null;

  const modeler = new BpmnModeler({
    container: canvasEl,
    propertiesPanel: { parent: propertiesEl },
    linting: { bpmnlint: bpmnlintConfig, active: true },
    elementTemplates: ELEMENT_TEMPLATES,
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      ZeebePropertiesProviderModule,
      CloudElementTemplatesPropertiesProviderModule,
      ElementTemplateChooserModule,
      ZeebeBehaviorsModule,
      lintModule,
      modelerTranslateModule,
    ],
    moddleExtensions: { zeebe: zeebeModdle },
  } as ConstructorParameters<typeof BpmnModeler>[0]);

  const errorCount = () =>
    Object.values(issues)
      .flat()
      .filter((i) => i.category === 'error').length;
  const showFindings = (list: { elementId: string; rule?: string; message: string }[]) =>
    mount(
      findings,
      list.map((f) =>
        h('li', {}, h('code', {}, f.elementId || '—'), ' ', f.rule ? `${f.rule}: ` : '', f.message),
      ),
    );

  modeler.on('linting.completed', (e: { issues: Record<string, LintIssue[]> }) => {
    issues = e.issues;
    const n = Object.values(issues).flat().length;
    lintStatus.textContent = n ? t('modeler.lintFindings', { n }) : t('modeler.lintOk');
    lintStatus.className = `lint-status ${errorCount() ? 'bad' : 'ok'}`;
    showFindings(
      Object.entries(issues).flatMap(([id, list]) =>
        list.map((i) => ({ elementId: id, message: `${i.category}: ${i.message}` })),
      ),
    );
  });

  const processId = (): string => {
    const root = (
      modeler.get('canvas') as { getRootElement(): { businessObject: { id: string; name?: string } } }
    ).getRootElement();
    return root.businessObject.id;
  };

  const paintVersions = () => {
    const id = processId();
    mount(
      versions,
      definitions
        .filter((d) => d.bpmnProcessId === id)
        .sort((a, b) => b.version - a.version)
        .map((d) =>
          h(
            'li',
            {},
            h(
              'button',
              { type: 'button', class: 'link', onclick: () => void openDefinition(d.key) },
              `v${d.version}`,
            ),
            h('small', { class: 'muted' }, ` ${d.key}`),
          ),
        ),
    );
  };

  async function open(xml: string): Promise<void> {
    const result = await modeler.importXML(xml);
    if (result.warnings.length) toast(`${result.warnings.length} import warnings`, 'error');
    (modeler.get('canvas') as { zoom(v: string): void }).zoom('fit-viewport');
    paintVersions();
  }

  async function openDefinition(key: string): Promise<void> {
    await open(await definitionXml(key));
  }

  async function loadDefinitions(): Promise<void> {
    definitions = await listDefinitions();
    const latest = new Map<string, Definition>();
    for (const d of definitions)
      if ((latest.get(d.bpmnProcessId)?.version ?? 0) < d.version) latest.set(d.bpmnProcessId, d);
    mount(
      versionSelect,
      h('option', { value: '' }, t('modeler.openVersion')),
      definitions
        .slice()
        .sort((a, b) => a.bpmnProcessId.localeCompare(b.bpmnProcessId) || b.version - a.version)
        .map((d) => h('option', { value: d.key }, `${d.name || d.bpmnProcessId} v${d.version}`)),
    );
    paintVersions();
  }

  async function deployNow(): Promise<void> {
    if (errorCount()) {
      toast(t('modeler.deployRefused', { n: errorCount() }), 'error');
      return;
    }
    const { xml } = await modeler.saveXML({ format: true });
    try {
      const res = await deploy(`${processId()}.bpmn`, xml!);
      toast(t('modeler.deployed', { id: res.bpmnProcessId, version: res.version }));
      lintStatus.textContent = t('modeler.deployed', { id: res.bpmnProcessId, version: res.version });
      await loadDefinitions();
      // the list of definitions may lag the deploy by a moment: show the new version at once
      if (!definitions.some((d) => d.key === res.key)) {
        definitions.push({ ...res, name: res.bpmnProcessId });
        paintVersions();
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) {
        toast(t('modeler.deployRefused', { n: err.details.length }), 'error');
        showFindings(
          err.details.map((d) => ({
            elementId: String(d.elementId ?? ''),
            rule: d.rule as string | undefined,
            message: d.message,
          })),
        );
      } else toast((err as Error).message, 'error');
    }
  }

  async function toggleFormEditor(): Promise<void> {
    if (!formPanel.hidden) {
      formEditor?.destroy();
      formEditor = null;
      formPanel.hidden = true;
      return;
    }
    const selected = (
      modeler.get('selection') as {
        get(): {
          type: string;
          businessObject: { extensionElements?: { values?: { $type: string; formKey?: string }[] } };
        }[];
      }
    ).get()[0];
    const formKey = selected?.businessObject.extensionElements?.values?.find(
      (v) => v.$type === 'zeebe:FormDefinition',
    )?.formKey;
    if (!selected || selected.type !== 'bpmn:UserTask' || !formKey?.startsWith('gcflow:')) {
      toast(t('modeler.selectUserTask'), 'error');
      return;
    }
    const formId = formKey.slice('gcflow:'.length);
    formPanel.hidden = false;
    const { openFormEditor } = await import('./form-editor');
    formEditor = await openFormEditor(formHost, formId);
    mount(
      formPanel,
      h(
        'div',
        { class: 'list-head' },
        h('h3', {}, `${t('modeler.formEditor')}: ${formId}`),
        h(
          'button',
          {
            type: 'button',
            class: 'primary',
            onclick: async () => {
              await formEditor?.save();
              toast(t('modeler.formApplied'));
            },
          },
          t('modeler.formApply'),
        ),
        h('button', { type: 'button', onclick: () => void toggleFormEditor() }, t('app.close')),
      ),
      formHost,
    );
  }

  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    if (file) await open(await file.text());
    fileInput.value = '';
  });
  versionSelect.addEventListener('change', () => {
    if (versionSelect.value) void openDefinition(versionSelect.value);
  });

  const button = (label: string, onclick: () => unknown, attrs: Record<string, string> = {}) =>
    h('button', { type: 'button', onclick: () => void onclick(), ...attrs }, label);
  mount(
    root,
    h(
      'div',
      { class: 'modeler' },
      h(
        'div',
        { class: 'toolbar' },
        button(t('modeler.new'), () => open(EMPTY)),
        button(t('modeler.openFile'), () => fileInput.click()),
        fileInput,
        versionSelect,
        button(t('modeler.saveDraft'), async () => {
          localStorage.setItem(DRAFT_KEY, (await modeler.saveXML({ format: true })).xml!);
          toast(t('modeler.draftSaved'));
        }),
        button(t('modeler.loadDraft'), () => open(localStorage.getItem(DRAFT_KEY) ?? EMPTY)),
        button(t('modeler.formEditor'), toggleFormEditor, { title: t('modeler.formHint') }),
        button(t('modeler.downloadBpmn'), async () =>
          download(
            `${processId()}.bpmn`,
            new Blob([(await modeler.saveXML({ format: true })).xml!], { type: 'application/xml' }),
          ),
        ),
        button(t('modeler.downloadSvg'), async () =>
          download(
            `${processId()}.svg`,
            new Blob([(await modeler.saveSVG()).svg], { type: 'image/svg+xml' }),
          ),
        ),
        lintStatus,
        button(t('modeler.deploy'), deployNow, { class: 'primary', 'data-testid': 'deploy' }),
      ),
      h('div', { class: 'modeler-main' }, canvasEl, propertiesEl),
      formPanel,
      h(
        'div',
        { class: 'modeler-foot' },
        h('section', { class: 'panel' }, h('h3', {}, t('modeler.lintTitle')), findings),
        h('section', { class: 'panel' }, h('h3', {}, t('modeler.versions')), versions),
      ),
    ),
  );
  await open(localStorage.getItem(DRAFT_KEY) ?? EMPTY);
  await loadDefinitions();
  return () => {
    formEditor?.destroy();
    modeler.destroy();
  };
};
