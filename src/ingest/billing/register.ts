/**
 * Puts the billing adapters into the ingest registry, configured by the mappings (per-meter
 * quantity properties, saved CSV mappings). Replaces earlier billing adapters so a new config
 * takes effect; cost adapters are left alone.
 */
import type { BillingConfig } from '../../model/mappings';
import { adapters } from '../registry';
import { billingAdapters } from './index';

export function useBillingAdapters(config?: Pick<BillingConfig, 'meterQuantity' | 'usageCsvMapping' | 'ledgerCsvMapping'>): void {
  for (let i = adapters.length - 1; i >= 0; i--) if (adapters[i].kind !== 'cost') adapters.splice(i, 1);
  adapters.push(...billingAdapters(config));
}
