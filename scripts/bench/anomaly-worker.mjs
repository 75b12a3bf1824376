// Worker entry for scripts/bench/anomaly.ts: worker threads do not inherit tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('./anomaly.ts');
