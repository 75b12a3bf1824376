/**
 * Writes the FOCUS 1.3 and 1.4 fixtures in test/fixtures/focus-datasets/ from the specification's
 * column definitions (column names, allowed values, ContractApplied object shape). Deterministic:
 * plain TypeScript, every value a function of its row. Run: npx tsx scripts/gen-focus-datasets.ts
 *
 * Planted in invoice_detail.csv against cost_and_usage-1.4.csv (README.md there lists the exact amounts):
 * - INV-2605-001 detail D-002 is 45.01 on the invoice, 45.00 in the cost data;
 * - INV-2605-001 detail D-003 (29.00) has no cost lines;
 * - INV-2605-002 is invoiced in EUR, its cost lines are in USD.
 * invoice_detail_clean.csv is the same invoice data without the faults.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const OUT = path.resolve(import.meta.dirname, '../test/fixtures/focus-datasets');

type Cell = string | number | null;

function csv(columns: readonly string[], rows: readonly Record<string, Cell>[]): string {
  const cell = (v: Cell) => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c] ?? null)).join(','))].join('\n') + '\n';
}

const ISSUER_US = 'Nimbus Cloud Inc.';
const ISSUER_EU = 'Nimbus Cloud EMEA Ltd.';
const MAY = { BillingPeriodStart: '2026-05-01T00:00:00Z', BillingPeriodEnd: '2026-06-01T00:00:00Z' };
const JUNE = { BillingPeriodStart: '2026-06-01T00:00:00Z', BillingPeriodEnd: '2026-07-01T00:00:00Z' };

const day = (month: number, d: number) => `2026-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}T00:00:00Z`;

const contractApplied = (commitment: string, cost: string) =>
  JSON.stringify({ Elements: [{ ContractID: 'K-1', ContractCommitmentID: commitment, ContractCommitmentAppliedCost: Number(cost) }] });

interface Charge {
  invoice: string;
  detail: string;
  issuer: string;
  period: typeof MAY;
  month: number;
  count: number;
  amount: string;
  service: string;
  category?: string;
  chargeClass?: string;
  currency?: string;
  allocated?: boolean;
  commitment?: string;
}

const CHARGES: Charge[] = [
  // 30 x 3.3333333333 = 99.999999999: exact, rounded once to 100.00.
  {
    invoice: 'INV-2605-001',
    detail: 'D-001',
    issuer: ISSUER_US,
    period: MAY,
    month: 5,
    count: 30,
    amount: '3.3333333333',
    service: 'Compute',
    allocated: true,
    commitment: 'CC-1',
  },
  { invoice: 'INV-2605-001', detail: 'D-002', issuer: ISSUER_US, period: MAY, month: 5, count: 10, amount: '4.50', service: 'Storage' },
  {
    invoice: 'INV-2605-002',
    detail: 'D-101',
    issuer: ISSUER_EU,
    period: MAY,
    month: 5,
    count: 8,
    amount: '10.00',
    service: 'Compute',
    currency: 'USD',
  },
  {
    invoice: 'INV-2606-001',
    detail: 'D-201',
    issuer: ISSUER_US,
    period: JUNE,
    month: 6,
    count: 12,
    amount: '1.25',
    service: 'Compute',
    commitment: 'CC-1',
  },
  // A correction of May storage invoiced in June (ChargeClass Correction, charge period in May).
  {
    invoice: 'INV-2606-001',
    detail: 'D-202',
    issuer: ISSUER_US,
    period: JUNE,
    month: 5,
    count: 1,
    amount: '-2.00',
    service: 'Storage',
    chargeClass: 'Correction',
  },
];

const COST_14 = [
  'AllocatedMethodDetails',
  'AllocatedMethodId',
  'AllocatedResourceId',
  'AllocatedResourceName',
  'AllocatedTags',
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingAccountType',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractApplied',
  'ContractedCost',
  'EffectiveCost',
  'HostProviderName',
  'InvoiceDetailId',
  'InvoiceId',
  'InvoiceIssuerName',
  'ListCost',
  'PricingCategory',
  'PricingQuantity',
  'PricingUnit',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ServiceCategory',
  'ServiceName',
  'ServiceProviderName',
  'SkuId',
  'SubAccountId',
  'Tags',
];
/** FOCUS 1.3 has no InvoiceDetailId (added in 1.4). */
const COST_13 = COST_14.filter((c) => c !== 'InvoiceDetailId');

function costRows(): Record<string, Cell>[] {
  const out: Record<string, Cell>[] = [];
  for (const c of CHARGES) {
    for (let i = 0; i < c.count; i++) {
      const d = (i % 28) + 1;
      out.push({
        ...c.period,
        AllocatedMethodDetails: c.allocated
          ? JSON.stringify({ Elements: [{ AllocatedRatio: 0.5, UsageUnit: 'vCPU-Hours', UsageQuantity: 1 }] })
          : null,
        AllocatedMethodId: c.allocated ? 'cpu-share' : null,
        AllocatedResourceId: c.allocated ? `pod-${i % 3}` : null,
        AllocatedResourceName: c.allocated ? `checkout-${i % 3}` : null,
        AllocatedTags: c.allocated ? JSON.stringify({ team: i % 2 ? 'payments' : 'search' }) : null,
        BilledCost: c.amount,
        BillingAccountId: c.issuer === ISSUER_US ? 'BA-100' : 'BA-200',
        BillingAccountName: 'Example Co',
        BillingAccountType: 'Billing Profile',
        BillingCurrency: c.currency ?? 'USD',
        ChargeCategory: c.category ?? 'Usage',
        ChargeClass: c.chargeClass ?? null,
        ChargeDescription: `${c.service} usage`,
        ChargeFrequency: 'Usage-Based',
        ChargePeriodStart: day(c.month, d),
        ChargePeriodEnd: day(c.month, d + 1),
        ConsumedQuantity: '1',
        ConsumedUnit: 'Hours',
        ContractApplied: c.commitment ? contractApplied(c.commitment, c.amount) : null,
        ContractedCost: c.amount,
        EffectiveCost: c.amount,
        HostProviderName: 'Nimbus Cloud',
        InvoiceDetailId: c.detail,
        InvoiceId: c.invoice,
        InvoiceIssuerName: c.issuer,
        ListCost: c.amount,
        PricingCategory: 'Standard',
        PricingQuantity: '1',
        PricingUnit: 'Hours',
        RegionId: 'eu-west-1',
        RegionName: 'Europe (Ireland)',
        ResourceId: `res-${c.detail}-${i}`,
        ServiceCategory: c.service,
        ServiceName: `Nimbus ${c.service}`,
        ServiceProviderName: 'Nimbus Cloud',
        SkuId: `SKU-${c.service.toUpperCase()}`,
        SubAccountId: 'SA-1',
        Tags: JSON.stringify({ env: 'prod' }),
      });
    }
  }
  return out;
}

const INVOICE_COLUMNS = [
  'BilledCost',
  'BillingAccountId',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'InvoiceDetailCreated',
  'InvoiceDetailDescription',
  'InvoiceDetailGrain',
  'InvoiceDetailId',
  'InvoiceDetailLastUpdated',
  'InvoiceId',
  'InvoiceIssueDate',
  'InvoiceIssueStatus',
  'InvoiceIssuerName',
  'PaymentCurrency',
  'PaymentCurrencyBilledCost',
  'PaymentCurrencyInvoiceDetailId',
  'PaymentDueDate',
  'PaymentTerms',
  'PurchaseOrderNumber',
  'ReferenceInvoiceId',
];

interface Line {
  invoice: string;
  detail: string;
  issuer: string;
  period: typeof MAY;
  amount: string;
  description: string;
  category?: string;
  currency?: string;
  paymentCurrency?: string;
  paymentAmount?: string;
  reference?: string;
  status: 'Issued' | 'Open';
}

function invoiceLines(faults: boolean): Line[] {
  const may = { issuer: ISSUER_US, period: MAY, status: 'Issued' as const };
  return [
    { ...may, invoice: 'INV-2605-001', detail: 'D-001', amount: '100.00', description: 'Compute usage' },
    { ...may, invoice: 'INV-2605-001', detail: 'D-002', amount: faults ? '45.01' : '45.00', description: 'Storage usage' },
    ...(faults ? [{ ...may, invoice: 'INV-2605-001', detail: 'D-003', amount: '29.00', description: 'Support plan' }] : []),
    { ...may, invoice: 'INV-2605-001', detail: 'D-004', amount: '17.41', description: 'Sales tax', category: 'Tax' },
    {
      ...may,
      issuer: ISSUER_EU,
      invoice: 'INV-2605-002',
      detail: 'D-101',
      amount: '80.00',
      description: 'Compute usage',
      currency: faults ? 'EUR' : 'USD',
    },
    {
      invoice: 'INV-2606-001',
      detail: 'D-201',
      issuer: ISSUER_US,
      period: JUNE,
      amount: '15.00',
      description: 'Compute usage',
      paymentCurrency: 'EUR',
      paymentAmount: '13.80',
      status: 'Open',
    },
    {
      invoice: 'INV-2606-001',
      detail: 'D-202',
      issuer: ISSUER_US,
      period: JUNE,
      amount: '-2.00',
      description: 'Correction: May storage',
      paymentCurrency: 'EUR',
      paymentAmount: '-1.84',
      reference: 'INV-2605-001',
      status: 'Open',
    },
  ];
}

const GRAIN: Record<string, string> = {
  'Compute usage': 'Compute',
  'Storage usage': 'Storage',
  'Support plan': 'Support',
  'Correction: May storage': 'Storage',
};

function invoiceRows(faults: boolean): Record<string, Cell>[] {
  return invoiceLines(faults).map((l) => ({
    ...l.period,
    BilledCost: l.amount,
    BillingAccountId: l.issuer === ISSUER_US ? 'BA-100' : 'BA-200',
    BillingCurrency: l.currency ?? 'USD',
    ChargeCategory: l.category ?? 'Usage',
    InvoiceDetailCreated: l.period === MAY ? '2026-06-02T00:00:00Z' : '2026-06-15T00:00:00Z',
    InvoiceDetailDescription: l.description,
    InvoiceDetailGrain: JSON.stringify(l.category === 'Tax' ? { ChargeCategory: 'Tax' } : { ServiceCategory: GRAIN[l.description] ?? 'Other' }),
    InvoiceDetailId: l.detail,
    InvoiceDetailLastUpdated: l.period === MAY ? '2026-06-02T00:00:00Z' : '2026-06-20T00:00:00Z',
    InvoiceId: l.invoice,
    InvoiceIssueDate: l.status === 'Issued' ? '2026-06-02T00:00:00Z' : null,
    InvoiceIssueStatus: l.status,
    InvoiceIssuerName: l.issuer,
    PaymentCurrency: l.paymentCurrency ?? l.currency ?? 'USD',
    PaymentCurrencyBilledCost: l.paymentAmount ?? l.amount,
    PaymentCurrencyInvoiceDetailId: l.paymentCurrency ? 'P-2606-1' : l.detail,
    PaymentDueDate: l.status === 'Issued' ? '2026-07-02T00:00:00Z' : null,
    PaymentTerms: 'Net 30',
    PurchaseOrderNumber: 'PO-7781',
    ReferenceInvoiceId: l.reference ?? l.invoice,
  }));
}

const BILLING_PERIOD_COLUMNS = [
  'BillingPeriodCreated',
  'BillingPeriodEnd',
  'BillingPeriodLastUpdated',
  'BillingPeriodStart',
  'BillingPeriodStatus',
  'InvoiceIssuerName',
];

function billingPeriodRows(): Record<string, Cell>[] {
  const rows: Record<string, Cell>[] = [];
  for (const issuer of [ISSUER_US, ISSUER_EU]) {
    rows.push({
      ...MAY,
      BillingPeriodCreated: '2026-05-01T00:00:00Z',
      BillingPeriodLastUpdated: '2026-06-02T00:00:00Z',
      BillingPeriodStatus: 'Closed',
      InvoiceIssuerName: issuer,
    });
    rows.push({
      ...JUNE,
      BillingPeriodCreated: '2026-06-01T00:00:00Z',
      BillingPeriodLastUpdated: '2026-06-20T00:00:00Z',
      BillingPeriodStatus: 'Open',
      InvoiceIssuerName: issuer,
    });
  }
  return rows;
}

const COMMITMENT_COLUMNS = [
  'BillingCurrency',
  'ContractCommitmentCategory',
  'ContractCommitmentCost',
  'ContractCommitmentDescription',
  'ContractCommitmentId',
  'ContractCommitmentPeriodEnd',
  'ContractCommitmentPeriodStart',
  'ContractCommitmentQuantity',
  'ContractCommitmentType',
  'ContractCommitmentUnit',
  'ContractId',
  'ContractPeriodEnd',
  'ContractPeriodStart',
];

function commitmentRows(): Record<string, Cell>[] {
  const contract = { ContractId: 'K-1', ContractPeriodStart: '2026-01-01T00:00:00Z', ContractPeriodEnd: '2027-01-01T00:00:00Z' };
  return [
    {
      ...contract,
      BillingCurrency: 'USD',
      ContractCommitmentCategory: 'Spend',
      ContractCommitmentCost: '1200.00',
      ContractCommitmentDescription: 'Committed spend on compute, 2026',
      ContractCommitmentId: 'CC-1',
      ContractCommitmentPeriodStart: '2026-01-01T00:00:00Z',
      ContractCommitmentPeriodEnd: '2027-01-01T00:00:00Z',
      ContractCommitmentQuantity: null,
      ContractCommitmentType: 'Committed Spend',
      ContractCommitmentUnit: null,
    },
    {
      ...contract,
      BillingCurrency: null,
      ContractCommitmentCategory: 'Usage',
      ContractCommitmentCost: null,
      ContractCommitmentDescription: 'Committed storage, first half of 2026',
      ContractCommitmentId: 'CC-2',
      ContractCommitmentPeriodStart: '2026-01-01T00:00:00Z',
      ContractCommitmentPeriodEnd: '2026-07-01T00:00:00Z',
      ContractCommitmentQuantity: '5000',
      ContractCommitmentType: 'Committed Usage',
      ContractCommitmentUnit: 'GB-Months',
    },
  ];
}

mkdirSync(OUT, { recursive: true });
const write = (name: string, text: string) => writeFileSync(path.join(OUT, name), text);
write('cost_and_usage-1.4.csv', csv(COST_14, costRows()));
write('cost_and_usage-1.3.csv', csv(COST_13, costRows()));
write('invoice_detail.csv', csv(INVOICE_COLUMNS, invoiceRows(true)));
write('invoice_detail_clean.csv', csv(INVOICE_COLUMNS, invoiceRows(false)));
write('billing_period.csv', csv(BILLING_PERIOD_COLUMNS, billingPeriodRows()));
write('contract_commitment.csv', csv(COMMITMENT_COLUMNS, commitmentRows()));
