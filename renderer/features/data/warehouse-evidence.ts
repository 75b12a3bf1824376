/**
 * Evidence on demand: where the data came from a warehouse, the usage events behind a drill stayed
 * there (the run brought back aggregates). A drill asks the warehouse for them, bounded
 * (src/warehouse/evidence.ts), through the host, which lands them in its drill table; the grid then
 * pages them like any source rows. Each drill is asked once per warehouse load.
 */
import { getState } from '../../app/store';
import { exclusive } from '../../engine/exclusive';
import type { EventScope } from '../../../src/model/findings';
import type { WarehouseEvidenceReply } from '../../../src/host/engine-channel';
import { cond } from '../../../src/queries/condition';
import { sourceRows, type SourceRowsQuery } from '../../../src/queries/data/source-rows';
import { DRILL_TABLE } from '../../../src/warehouse/evidence';
import { isRemote } from './warehouse';

export interface WarehouseDrill {
  query: SourceRowsQuery<'usage_events'>;
  reply: WarehouseEvidenceReply;
}

let landedFor: object | null = null;
const landed = new Map<string, Promise<WarehouseDrill>>();
let seq = 0;

export function warehouseDrill(scope: EventScope): Promise<WarehouseDrill> {
  const { warehouseLoad: load, engine } = getState();
  if (!load || !isRemote(engine)) return Promise.reject(new Error('The warehouse data is not loaded: Load from warehouse on the Data screen'));
  if (landedFor !== load) {
    landed.clear();
    landedFor = load;
  }
  const key = JSON.stringify(scope);
  let drill = landed.get(key);
  if (!drill) {
    const id = `d${++seq}`;
    // A writer on the engine's one connection: it waits for a running analysis (exclusive.ts).
    drill = exclusive(() => engine.warehouseEvidence(load.settings, id, scope)).then((reply) => ({
      reply,
      query: sourceRows('usage_events', cond('drill = ?', id), 'warehouse/drill/usage-events', { from: DRILL_TABLE }),
    }));
    // A failed drill (the warehouse unreachable) is asked again when it is opened again.
    drill.catch(() => landed.delete(key));
    landed.set(key, drill);
  }
  return drill;
}
