/** What the top bar offers: the months and currencies present in the loaded data, and the currencies FX rates cover. */
import { defineQuery, type Query } from '../query';

/** Calendar months (UTC, 'YYYY-MM') with cost, invoice or usage rows, oldest first. */
export function periodChoices(): Query<{ p: string }> {
  return defineQuery(
    'pickers/periods',
    `SELECT DISTINCT p FROM (
       SELECT strftime(ChargePeriodStart, '%Y-%m') AS p FROM cost_lines
       UNION SELECT strftime(period_start, '%Y-%m') FROM invoice_lines
       UNION SELECT strftime(ts, '%Y-%m') FROM usage_events) WHERE p IS NOT NULL ORDER BY p`,
  );
}

/** Currencies of cost and invoice lines. */
export function currencyChoices(): Query<{ c: string }> {
  return defineQuery(
    'pickers/currencies',
    `SELECT DISTINCT c FROM (SELECT BillingCurrency AS c FROM cost_lines UNION SELECT currency FROM invoice_lines)
     WHERE c IS NOT NULL ORDER BY c`,
  );
}

/** Currencies the loaded FX rates convert from or to. */
export function fxCurrencyChoices(): Query<{ c: string }> {
  return defineQuery(
    'pickers/fx-currencies',
    `SELECT DISTINCT c FROM (SELECT from_currency AS c FROM fx_rates UNION SELECT to_currency FROM fx_rates) WHERE c IS NOT NULL ORDER BY c`,
  );
}
