import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/model/errors';
import { defaultBillingConfig, parseBillingConfig } from '../../../src/model/mappings';

describe('mappings config', () => {
  it('defaults work with no file and name the documented tag keys', () => {
    const d = defaultBillingConfig();
    expect(d.costTags).toEqual({ customer: ['customer', 'customer_id', 'tenant'], sku: ['sku', 'product', 'meter'] });
    expect(d.sharedCost).toBe('unallocated');
    expect(d.period).toBe('month');
    expect(parseBillingConfig('{}')).toEqual(d);
  });

  it('reads every setting', () => {
    const c = parseBillingConfig(
      JSON.stringify({
        cost_tags: { customer: 'tenant', sku: ['service_sku'] },
        sku_aliases: { 'API Calls': 'api_calls' },
        shared_cost: 'proportional',
        meter_quantity: { tokens: 'data.tokens' },
        tolerance: { absolute: '0.05', relative: '0.001' },
        period: 'day',
        default_currency: 'eur',
        provider_invoices: [{ invoice_id: 'INV-1', currency: 'usd', total: '10.00' }],
      }),
    );
    expect(c.costTags).toEqual({ customer: ['tenant'], sku: ['service_sku'] });
    expect(c.skuAliases).toEqual({ 'API Calls': 'api_calls' });
    expect(c.tolerance).toEqual({ absolute: '0.05', relative: '0.001' });
    expect(c.defaultCurrency).toBe('EUR');
    expect(c.providerInvoices[0]).toMatchObject({ invoice_id: 'INV-1', currency: 'USD', total: '10.00' });
    // A number is taken as written and kept as decimal text.
    expect(parseBillingConfig('{"tolerance": {"absolute": 0.01}}').tolerance).toEqual({ absolute: '0.01', relative: '0' });
  });

  it.each([
    ['{"sharedcost": "proportional"}', /setting "sharedcost": expected one of/],
    ['{"tolerance": {"absolute": "abc"}}', /setting "tolerance.absolute": expected a decimal number/],
    ['{"period": "year"}', /setting "period": expected "month", "week" or "day"/],
    ['{"default_currency": "XYZ"}', /setting "default_currency": expected an ISO 4217 code/],
    ['{"cost_tags": {"customer": []}}', /setting "cost_tags.customer"/],
    ['{not json', /cfg\.json: expected a JSON object of settings/],
    ['[1]', /^cfg\.json: setting "\(file\)": expected a JSON object, got \[1\]$/],
    ['{"tolerance": {"relative": "-0.1"}}', /setting "tolerance.relative": expected a number of 0 or more, got "-0.1"$/],
    [
      '{"provider_invoices": [{"currency": "usd"}]}',
      /setting "provider_invoices\[0\]": expected an invoice_id or a billing_period, got \{"currency":"usd"\}$/,
    ],
    [
      '{"provider_invoices": [{"invoice_id": "I", "currency": "usd", "total": "x"}]}',
      /setting "provider_invoices\[0\].total": expected a decimal number/,
    ],
    ['{"suspected_duplicate_window_seconds": 1.5}', /setting "suspected_duplicate_window_seconds": expected a whole number of seconds, got 1.5$/],
  ])('rejects %s with a message naming the setting', (text, re) => {
    let err: unknown;
    try {
      parseBillingConfig(text, 'cfg.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(re);
  });
});
