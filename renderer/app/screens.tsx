/** The screens in navigation order; each lives in features/<area>/. */
import type { ReactElement } from 'react';
import type { ScreenId } from './store';
import { DataScreen } from '../features/data/DataScreen';
import { OverviewScreen } from '../features/overview/OverviewScreen';
import { CostScreen } from '../features/cost/CostScreen';
import { ExplorerScreen } from '../features/cost/ExplorerScreen';
import { SqlScreen } from '../features/sql/SqlScreen';
import { MarginScreen } from '../features/margin/MarginScreen';
import { ReconciliationScreen } from '../features/reconciliation/ReconciliationScreen';
import { ProposalsScreen } from '../features/proposals/ProposalsScreen';
import { AnomaliesScreen } from '../features/anomalies/AnomaliesScreen';

export interface ScreenDef {
  id: ScreenId;
  title: string;
  icon: string;
  render: () => ReactElement;
}

export const SCREENS: ScreenDef[] = [
  { id: 'overview', title: 'Overview', icon: '▦', render: () => <OverviewScreen /> },
  { id: 'data', title: 'Data', icon: '⇪', render: () => <DataScreen /> },
  { id: 'cost', title: 'Cost', icon: '☁', render: () => <CostScreen /> },
  { id: 'explorer', title: 'Cost explorer', icon: '▥', render: () => <ExplorerScreen /> },
  { id: 'margin', title: 'Margin', icon: '±', render: () => <MarginScreen /> },
  { id: 'reconciliation', title: 'Reconciliation', icon: '⇄', render: () => <ReconciliationScreen /> },
  { id: 'anomalies', title: 'Anomalies & fraud', icon: '⚡', render: () => <AnomaliesScreen /> },
  { id: 'proposals', title: 'Proposals', icon: '✎', render: () => <ProposalsScreen /> },
  { id: 'sql', title: 'SQL console', icon: '⌘', render: () => <SqlScreen /> },
];
