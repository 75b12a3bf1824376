/** The cost-export adapters, in detection order (ties go to the earlier one). */
import type { Adapter } from '../adapter';
import { focus10, focus11, focus12 } from './focus';

export const costAdapters: Adapter[] = [focus10, focus11, focus12];
