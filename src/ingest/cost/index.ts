/** The cost-export adapters, in detection order (ties go to the earlier one). */
import type { Adapter } from '../adapter';
import { awsCur, awsCur2 } from './aws';
import { azureEa, azureMca } from './azure';
import { focus10, focus11, focus12 } from './focus';
import { gcpBilling } from './gcp';
import { oci } from './oci';

export const costAdapters: Adapter[] = [focus10, focus11, focus12, awsCur, awsCur2, azureEa, azureMca, gcpBilling, oci];
