import { Module } from '@nestjs/common';
import { Witness } from '@inclusion/witness';
import { WitnessController } from './witness.controller';

/**
 * The regional delegation witnesses every institution's transparency log: it cosigns each
 * checkpoint consistent with the last one it cosigned, keeps them, serves them, and raises an
 * alarm on a checkpoint that shrinks, forks or rewrites history, or on a stall
 * (libs/witness/src/witness.ts).
 */
@Module({
  controllers: [WitnessController],
  providers: [Witness],
  exports: [Witness],
})
export class WitnessModule {}
