/**
 * bpmn-js, its properties panel and bpmn-js-bpmnlint speak English only; they look every label up through
 * diagram-js's `translate` service, which this module replaces. In Chinese the labels a designer meets on
 * every model (palette, context pad, the main property groups and fields, the lint summary) are translated;
 * any other label stays English rather than showing a key.
 */
import { currentLang } from '../i18n/i18n';

const ZH: Record<string, string> = {
  // lint (bpmn-js-bpmnlint)
  '{errors} Errors, {warnings} Warnings': '{errors} 个错误,{warnings} 个警告',
  'Toggle linting overlays': '显示/隐藏检查标记',
  'Issues for child elements': '子元素的问题',
  'No Issues': '无问题',
  // palette
  'Activate hand tool': '抓手工具',
  'Activate lasso tool': '套索工具',
  'Activate create/remove space tool': '插入/删除空间工具',
  'Activate global connect tool': '全局连线工具',
  'Create start event': '创建开始事件',
  'Create intermediate/boundary event': '创建中间/边界事件',
  'Create end event': '创建结束事件',
  'Create gateway': '创建网关',
  'Create task': '创建任务',
  'Create expanded sub-process': '创建展开的子流程',
  'Create data object reference': '创建数据对象引用',
  'Create data store reference': '创建数据存储引用',
  'Create pool/participant': '创建池/参与者',
  'Create group': '创建分组',
  // context pad
  'Append end event': '追加结束事件',
  'Append gateway': '追加网关',
  'Append task': '追加任务',
  'Append intermediate/boundary event': '追加中间/边界事件',
  'Append text annotation': '追加文本注释',
  'Add text annotation': '添加文本注释',
  'Change element': '更改元素类型',
  'Connect to other element': '连接到其他元素',
  Delete: '删除',
  // properties panel: groups
  General: '常规',
  Documentation: '文档',
  'Task definition': '任务定义',
  Headers: '任务头',
  Inputs: '输入',
  Outputs: '输出',
  'Input mapping': '输入映射',
  'Output mapping': '输出映射',
  Form: '表单',
  Assignment: '分派',
  'Execution listeners': '执行监听器',
  'Task listeners': '任务监听器',
  'Extension properties': '扩展属性',
  'Multi-instance': '多实例',
  Timer: '定时器',
  Condition: '条件',
  Message: '消息',
  Errors: '错误',
  Error: '错误',
  Escalation: '升级',
  Signal: '信号',
  Implementation: '实现方式',
  'Called element': '被调用元素',
  Template: '模板',
  Select: '选择',
  // properties panel: fields
  Name: '名称',
  ID: 'ID',
  'Version tag': '版本标签',
  'Element documentation': '元素文档',
  'Process documentation': '流程文档',
  'Process name': '流程名称',
  'Process ID': '流程 ID',
  Executable: '可执行',
  'Job type': '作业类型',
  Retries: '重试次数',
  Key: '键',
  Value: '值',
  Type: '类型',
  Assignee: '处理人',
  'Candidate groups': '候选组',
  'Candidate users': '候选用户',
  'Due date': '截止时间',
  'Follow up date': '跟进时间',
  Priority: '优先级',
  'Condition expression': '条件表达式',
  'Result variable': '结果变量',
  'Local variable name': '局部变量名',
  'Variable assignment value': '变量赋值',
  'Input collection': '输入集合',
  'Input element': '输入元素',
  'Output collection': '输出集合',
  'Output element': '输出元素',
  'Completion condition': '完成条件',
  'Form ID': '表单 ID',
  'Form key': '表单键',
  'Timer documentation': '定时器说明',
  Duration: '时长',
  Cycle: '周期',
  Date: '日期',
  Binding: '绑定',
  latest: '最新',
  deployment: '同一部署',
  'version tag': '版本标签',
  '<none>': '<无>',
};

/** diagram-js's translate: the template in the UI language, `{name}` replaced. */
export function translateModelerLabel(template: string, replacements: Record<string, unknown> = {}): string {
  const text = currentLang() === 'zh-CN' ? (ZH[template] ?? template) : template;
  return text.replace(/{([^}]+)}/g, (_, key: string) => String(replacements[key] ?? `{${key}}`));
}

/** For the modeler's `additionalModules`: replaces diagram-js's translate service. */
export const modelerTranslateModule = { translate: ['value', translateModelerLabel] };
