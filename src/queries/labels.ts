/** Labels the queries write into rows for values that are missing in the data. */

/** Shown for revenue, usage or reconciliation rows that carry no customer id. */
export const NO_CUSTOMER = '(no customer)';
