import crypto from 'node:crypto';
import type { ProcessDriver } from './process-driver';

/**
 * The steps of the pre-sales processes as the inbox would take them, shared by the path tests of a
 * process and of the processes that call it. Variables are what the forms in processes/ submit.
 */

export const uniqueSuffix = (): string => crypto.randomBytes(3).toString('hex');

/** Start-form variables of requirement mining and of a group-customer project. */
export function customerIntake(): Record<string, unknown> {
  return {
    customerId: '91440101MA59ABCD1X',
    customerName: '广州地铁集团 Guangzhou Metro Group',
    industry: 'transport',
    city: 'gz',
    accountManager: 'am.chen',
    sourceChannel: 'customer-visit',
    demandDescription: '全线站点的 5G 专网与视频监控回传 5G private network for stations',
  };
}

export type SolutionRound = {
  supportNeeded?: boolean;
  newProductNeeded?: boolean;
  review: 'approved' | 'revise';
  /** The customer's answer; only asked when the internal review approved. */
  outcome?: 'accepted' | 'revise' | 'lost';
};

/** Runs solution-design instance `key` through the given rounds (each a draft → … → decision). */
export async function driveSolutionDesign(driver: ProcessDriver, key: string, rounds: SolutionRound[]) {
  for (const round of rounds) {
    await driver.complete(key, 'Task_DraftSolution', {
      solutionTitle: '地铁 5G 专网方案 Metro 5G private network',
      solutionSummary: '基于 5G 切片的站点专网 Slice-based station network',
      supportNeeded: round.supportNeeded ?? false,
      ...(round.supportNeeded ? { supportRequest: '需要网络规划支撑 Network planning' } : {}),
    });
    await driver.complete(key, 'Task_ProductTariff', {
      productCombination: '5G 专网 + 视频监控 5G private network + video surveillance',
      tariffPlan: '行业专网套餐 A Industry package A',
      monthlyFee: 12000,
      newProductNeeded: round.newProductNeeded ?? false,
    });
    if (round.supportNeeded) {
      await driver.complete(key, 'Task_SupportWork', {
        supportResult: '已完成网络规划 Planning done',
        supportHours: 6,
      });
    }
    await driver.complete(key, 'Task_InternalReview', {
      reviewDecision: round.review,
      reviewNote: '意见 note',
    });
    if (round.review === 'approved') {
      await driver.complete(key, 'Task_CustomerPresentation', {
        solutionOutcome: round.outcome,
        customerFeedback: '客户反馈 feedback',
      });
    }
  }
}

export type MiningPath =
  | { demandValue: 'low' }
  | {
      demandValue: 'high' | 'medium';
      feasible: [boolean, boolean, boolean];
      solution?: SolutionRound;
      projectApproved?: boolean;
    };

export const REVIEWERS = { market: 'rev.market', technical: 'rev.tech', resource: 'rev.resource' } as const;

/** Runs requirement-mining instance `key` along `path`. */
export async function driveRequirementMining(driver: ProcessDriver, key: string, path: MiningPath) {
  await driver.complete(key, 'Task_CollectDemand', {
    demandDetails: '50 个站点 5G 覆盖与视频回传 coverage for 50 stations',
    expectedRevenue: 300,
    contactPerson: '李工 Li',
    contactPhone: '13800138000',
  });
  await driver.complete(key, 'Task_ScreenDemandValue', {
    marketScore: path.demandValue === 'low' ? 1 : 5,
    strategicScore: path.demandValue === 'low' ? 1 : 4,
    demandValue: path.demandValue,
  });
  if (path.demandValue === 'low') return;
  await driver.complete(key, 'Task_ResearchDemand', {
    researchSummary: '产业链调研结论 research summary',
    upstreamChain: '设备商 vendors',
    downstreamChain: '乘客服务 passenger services',
    marketReviewer: REVIEWERS.market,
    technicalReviewer: REVIEWERS.technical,
    resourceReviewer: REVIEWERS.resource,
  });
  // the three reviews are open at once (parallel multi-instance), one per reviewer
  await driver.openTasks(key, 'Task_FeasibilityReview', 3);
  const reviewers = [REVIEWERS.market, REVIEWERS.technical, REVIEWERS.resource];
  for (const [i, assignee] of reviewers.entries()) {
    await driver.complete(
      key,
      'Task_FeasibilityReview',
      {
        feasible: path.feasible[i],
        feasibilityScore: path.feasible[i] ? 4 : 2,
        reviewComment: `review ${i}`,
      },
      { assignee },
    );
  }
  if (!path.feasible.every(Boolean) || !path.solution) return;
  const solutionKey = await driver.child(key, 'solution-design');
  await driveSolutionDesign(driver, solutionKey, [path.solution]);
  if (path.solution.outcome !== 'accepted' || path.projectApproved === undefined) return;
  await driver.complete(key, 'Task_ProjectApproval', {
    projectApproved: path.projectApproved,
    approvalComment: path.projectApproved ? '同意 approved' : '驳回 rejected',
  });
}

export type TrialRound =
  | { feedback: 'message'; decision: 'scale' | 'revise' | 'stop' }
  | { feedback: 'timeout'; decision: 'scale' | 'revise' | 'stop' };

/** Runs product-trial instance `key` through the rounds; trial periods and waits are 2 s. */
export async function driveProductTrial(driver: ProcessDriver, key: string, rounds: TrialRound[]) {
  for (const round of rounds) {
    const trialId = `TR-${uniqueSuffix()}`;
    await driver.complete(key, 'Task_TrialDesign', {
      productName: '地铁专网套件 Metro network kit',
      partnerName: '合作伙伴 Partner Co',
      designSummary: '标准与技术方案 standard and technical design',
    });
    await driver.complete(key, 'Task_RndTesting', { testReport: '测试通过 tests passed', defectsOpen: 0 });
    await driver.complete(key, 'Task_LaunchTrial', {
      trialId,
      trialPeriod: 'PT2S',
      // the feedback path gets a long wait so that only the message can end it
      feedbackWait: round.feedback === 'timeout' ? 'PT2S' : 'PT10M',
    });
    if (round.feedback === 'message') {
      // sent during the trial period: the message is buffered until the catch event opens
      await driver.publish('trial-feedback', trialId, {
        customerFeedbackScore: 5,
        customerComment: '好用 good',
      });
    }
    await driver.complete(key, 'Task_NetworkAnalysis', {
      networkFindings: '时延与吞吐达标 latency and throughput on target',
      customerSatisfaction: 5,
    });
    await driver.complete(key, 'Task_CommitteeDecision', {
      trialDecision: round.decision,
      decisionNote: '结论 note',
    });
  }
}
