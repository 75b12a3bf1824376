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
  });

  it.each([
    ['{"sharedcost": "proportional"}', /setting "sharedcost": expected one of/],
    ['{"tolerance": {"absolute": "abc"}}', /setting "tolerance.absolute": expected a decimal number/],
    ['{"period": "year"}', /setting "period": expected "month", "week" or "day"/],
    ['{"default_currency": "XYZ"}', /setting "default_currency": expected an ISO 4217 code/],
    ['{"cost_tags": {"customer": []}}', /setting "cost_tags.customer"/],
    ['{not json', /cfg\.json: expected a JSON object of settings/],
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
