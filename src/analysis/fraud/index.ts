/** All fraud rules over the canonical tables, each finding with its evidence, strongest first per rule. */
import type { Engine } from '../../engine/engine';
import type { FraudFinding } from '../../model/findings';
import type { FraudOptions } from './common';
import { newAccountSpikes } from './new-account';
import { multiAccounting } from './multi-account';
import { firstSeen } from './first-seen';
import { nightShare } from './night-share';
import { usageWithoutBilling } from './unbilled-usage';
import { benfordAdjustments } from './benford';

export type { FraudOptions } from './common';
export { DEFAULT_FRAUD } from './common';

export async function runFraudRules(engine: Engine, opts: Partial<FraudOptions> = {}): Promise<FraudFinding[]> {
  return [
    ...(await newAccountSpikes(engine, opts)),
    ...(await multiAccounting(engine)),
    ...(await firstSeen(engine, opts)),
    ...(await nightShare(engine, opts)),
    ...(await usageWithoutBilling(engine)),
    ...(await benfordAdjustments(engine, opts)),
  ];
}
