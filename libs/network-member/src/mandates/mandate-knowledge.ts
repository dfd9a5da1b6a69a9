import { Inject, Injectable } from '@nestjs/common';
import { assertMandateInForce, evolveMandates, fold, initialMandates, Mandate, mandateInForce, MandatesState, mandatesStream } from '@inclusion/domain';
import { EventStore } from '@inclusion/event-store';
import { INSTITUTION_REGISTRY, InstitutionRegistry } from '@inclusion/access';
import { RepresentationCheck, toRecorded } from '@inclusion/commands';
import { EntityManager } from 'typeorm';
import { byRecordingOrder } from '../knowledge/case-knowledge';
import { ForeignEvents } from '../knowledge/foreign-events';

/** A mandate as the API shows it, with its status on a day. */
export type MandateView = Mandate & { status: 'in-force' | 'not-yet' | 'expired' | 'revoked' };

export const mandateStatus = (mandate: Mandate, day: string): MandateView['status'] =>
  mandateInForce(mandate, day) ? 'in-force' : mandate.revokedOn !== null && mandate.revokedOn <= day ? 'revoked' : day < mandate.validFrom ? 'not-yet' : 'expired';

/**
 * The mandates a grantor recorded (stream mandates-<grantor>), as this service knows them: from
 * its own store when the grantor is hosted here, from the events received through Kafka
 * otherwise. It is the command path's representation check (REPRESENTATION_CHECK).
 */
@Injectable()
export class MandateKnowledge implements RepresentationCheck {
  constructor(
    private readonly store: EventStore,
    private readonly foreign: ForeignEvents,
    @Inject(INSTITUTION_REGISTRY) private readonly registry: InstitutionRegistry,
  ) {}

  async ofGrantor(grantor: string, manager?: EntityManager): Promise<MandatesState> {
    const stream = mandatesStream(grantor);
    const [own, received] = await Promise.all([this.store.readStream(stream, 1, { manager }), this.foreign.forStreams([stream], manager)]);
    return fold(evolveMandates, initialMandates(), [...own, ...received].sort(byRecordingOrder).map(toRecorded));
  }

  async assertMayActFor(input: { agent: string; grantor: string; day: string }, tx: EntityManager): Promise<void> {
    assertMandateInForce(await this.ofGrantor(input.grantor, tx), input);
  }

  /** The mandates an institution granted or received, with their status on `day`. */
  async of(institutionId: string, day: string): Promise<{ granted: MandateView[]; received: MandateView[] }> {
    const grantors = this.registry.all().map((i) => i.id);
    const states = await Promise.all(grantors.map((grantor) => this.ofGrantor(grantor)));
    const all: Mandate[] = states.flatMap((state, i) => Object.values(state.mandates).filter((m) => m.grantor === grantors[i]));
    const view = (m: Mandate): MandateView => ({ ...m, status: mandateStatus(m, day) });
    return {
      granted: all.filter((m) => m.grantor === institutionId).map(view),
      received: all.filter((m) => m.agent === institutionId).map(view),
    };
  }
}
