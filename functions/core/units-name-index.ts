/**
 * The unit name index as one string, "\n<name key>\t<id> ~<id>…\n…" (`~`: the key is an alias of
 * that unit), which units.ts searches for a key's line when it is first asked for it. The index is
 * data built ahead of time (functions/core/generated/units-index.generated.json, by
 * scripts/build-units-index.ts; a test fails while it is stale): computing ~4,500 name keys at
 * load cost 27–45 ms of every cold start, while one string costs next to nothing to load.
 */
import generated from './generated/units-index.generated.json' with { type: 'json' };

const NAME_INDEX: string = generated.index;
export default NAME_INDEX;
