/**
 * The billing adapters (usage, ledger, price book). `billingAdapters(config)` returns the list
 * with the config's per-meter quantity overrides and saved CSV mappings applied
 * (createAdapterRegistry in ../registry.ts puts them after the cost adapters).
 */
import type { Adapter } from '../adapter';
import type { BillingConfig } from '../../model/mappings';
import { genericLedgerAdapter, zuoraInvoiceItemsAdapter, type LedgerColumnMapping } from './generic-ledger';
import {
  chargebeeLineItemsAdapter,
  lagoCreditNoteItemsAdapter,
  lagoInvoiceFeesAdapter,
  lagoInvoicesAdapter,
  stripeBalanceReportAdapter,
  stripeInvoiceLinesAdapter,
} from './ledger-adapters';
import { priceBookAdapter } from './price-book';
import { ecbRatesAdapter, fxRatesAdapter } from './fx-rates';
import { cloudEventsAdapter, genericUsageAdapter, lagoEventsAdapter, stripeMeterEventsAdapter, type UsageColumnMapping } from './usage-adapters';

/** The parts of the mappings that configure importers. */
export type BillingAdapterConfig = Pick<BillingConfig, 'meterQuantity' | 'usageCsvMapping' | 'ledgerCsvMapping'>;

export function billingAdapters(config?: BillingAdapterConfig): Adapter[] {
  const q = config?.meterQuantity ?? {};
  const list: Adapter[] = [
    cloudEventsAdapter(q),
    lagoEventsAdapter(q),
    stripeMeterEventsAdapter(q),
    lagoInvoiceFeesAdapter,
    lagoInvoicesAdapter,
    lagoCreditNoteItemsAdapter,
    stripeBalanceReportAdapter,
    stripeInvoiceLinesAdapter,
    chargebeeLineItemsAdapter,
    zuoraInvoiceItemsAdapter,
    priceBookAdapter,
    fxRatesAdapter,
    ecbRatesAdapter,
  ];
  if (config?.usageCsvMapping) list.unshift(genericUsageAdapter(config.usageCsvMapping as unknown as UsageColumnMapping));
  if (config?.ledgerCsvMapping) list.unshift(genericLedgerAdapter(config.ledgerCsvMapping as unknown as LedgerColumnMapping));
  return list;
}
