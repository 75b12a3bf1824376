/**
 * Where the vendored rule model (model-1.2.json) disagrees with the FOCUS 1.2 specification text,
 * the text wins: each erratum names the rule, what the model encodes and what the text says. The
 * vendored file stays as published; corrections are applied when it is read (model.ts).
 */
export interface Erratum {
  /** Why the model's encoding is wrong, quoting the specification. */
  reason: string;
  /** The requirement the specification text states, in the model's own JSON shape. */
  requirement?: unknown;
  /** Set when the text's condition has no column to test: the rule is reported as not checked. */
  notCheckable?: true;
}

const allowed = (column: string, values: string[]) => ({
  CheckFunction: 'OR',
  Items: values.map((Value) => ({ CheckFunction: 'CheckValue', ColumnName: column, Value })),
});

export const ERRATA: Readonly<Record<string, Erratum>> = {
  'CommitmentDiscountStatus-C-005-M': {
    reason: 'the model lists Active/Expired/Pending, but the specification\'s allowed values for CommitmentDiscountStatus are "Used" and "Unused"',
    requirement: allowed('CommitmentDiscountStatus', ['Used', 'Unused']),
  },
  'BilledCost-C-005-C': {
    reason:
      'the text\'s condition ("charges where payments are received by a third party") is no column; the model tests ProviderName ≠ InvoiceIssuerName instead, ' +
      'which holds for ordinary charges whose provider and invoicing entity are named differently (AWS / Amazon Web Services, Inc.) or differ (resellers)',
    notCheckable: true,
  },
};
