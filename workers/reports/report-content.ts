import type { ReportKind } from '../../models/report-artifact';

/** Title and the process variables each report is made of (heading, variable), in order. */
export const REPORT_CONTENT: Record<
  ReportKind,
  { title: { zh: string; en: string }; sections: [heading: string, variable: string][] }
> = {
  'demand-analysis': {
    title: { zh: '客户需求分析', en: 'Demand analysis' },
    sections: [
      ['需求 Demand', 'demandDescription'],
      ['需求详情 Details', 'demandDetails'],
      ['需求价值 Value', 'demandValue'],
      ['预期收入 Expected revenue', 'expectedRevenue'],
    ],
  },
  feasibility: {
    title: { zh: '客户需求可行性评估报告', en: 'Feasibility assessment report' },
    sections: [
      ['需求详情 Demand', 'demandDetails'],
      ['调研结论 Research', 'researchSummary'],
      ['上游产业链 Upstream chain', 'upstreamChain'],
      ['下游产业链 Downstream chain', 'downstreamChain'],
      ['评审意见 Reviews', 'feasibilityReviews'],
    ],
  },
  'project-approval': {
    title: { zh: '项目立项报告', en: 'Project approval report' },
    sections: [
      ['方案 Solution', 'solutionTitle'],
      ['方案摘要 Summary', 'solutionSummary'],
      ['产品组合 Products', 'productCombination'],
      ['资费 Tariff', 'tariffPlan'],
      ['月费 Monthly fee', 'monthlyFee'],
      ['预期收入 Expected revenue', 'expectedRevenue'],
    ],
  },
  'market-forecast': {
    title: { zh: '市场前景预测分析报告', en: 'Market forecast report' },
    sections: [
      ['产品 Product', 'productName'],
      ['网络数据分析 Network analysis', 'networkFindings'],
      ['客户满意度 Customer satisfaction', 'customerSatisfaction'],
      ['客户反馈 Customer feedback', 'customerComment'],
    ],
  },
  'marketing-effect': {
    title: { zh: '营销推广效果评估报告', en: 'Marketing effect evaluation report' },
    sections: [
      ['营销方案 Plan', 'campaignPlan'],
      ['执行情况 Execution', 'executionSummary'],
      ['满意度 Satisfaction', 'satisfaction'],
      ['改进 Improvements', 'improvements'],
    ],
  },
  'customer-need-analysis': {
    title: { zh: '客户需求分析报告（投诉）', en: 'Customer need analysis report (complaint)' },
    sections: [
      ['投诉描述 Complaint', 'description'],
      ['类别与等级 Category and grade', 'categoryAndGrade'],
      ['原因 Cause', 'cause'],
      ['故障原因 Fault cause', 'faultCause'],
      ['处理措施 Action taken', 'actionTaken'],
      ['处理结果 Resolution', 'resolutionSummary'],
      ['满意度 Satisfaction', 'satisfaction'],
      ['客户意见 Customer comment', 'comment'],
    ],
  },
};

/** Every variable any report reads (the worker fetches these). */
export const REPORT_VARIABLES = [
  ...new Set(Object.values(REPORT_CONTENT).flatMap((c) => c.sections.map(([, v]) => v))),
];

/** A variable's value as report text. */
export function sectionText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
