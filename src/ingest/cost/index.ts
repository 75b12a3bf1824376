/** The cost-export adapters and the FOCUS supporting datasets, in detection order (ties go to the earlier one). */
import type { Adapter } from '../adapter';
import { awsCur, awsCur2 } from './aws';
import { azureEa, azureMca } from './azure';
import { focus10, focus11, focus12, focus13, focus14 } from './focus';
import { focusBillingPeriod, focusContractCommitment, focusInvoiceDetail } from './focus-datasets';
import { gcpBilling } from './gcp';
import { oci } from './oci';

export const costAdapters: Adapter[] = [
  focus10,
  focus11,
  focus12,
  awsCur,
  awsCur2,
  azureEa,
  azureMca,
  gcpBilling,
  oci,
  // Listed after the older layouts so "unknown layout" errors keep naming the common ones first.
  focus13,
  focus14,
  focusInvoiceDetail,
  focusBillingPeriod,
  focusContractCommitment,
];
