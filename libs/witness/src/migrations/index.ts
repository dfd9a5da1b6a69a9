import { WitnessTables1763800000015 } from './1763800000015-witness-tables';

/** libs/witness's tables: heads, cosigned checkpoints and alarms of the logs it witnesses. */
export const WITNESS_MIGRATIONS = [WitnessTables1763800000015];
